import { Button, Group, Stack, Text } from '@mantine/core';
import { IconPackageExport, IconPackageImport } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { CATALOGUE } from '../../../src-shared/kms/catalogue';
import { LIMITS } from '../../../src-shared/kms/enums';
import { call } from '../../api/call';
import { CopyTextarea } from '../../components/CopyTextarea';
import { KeySelect } from '../../components/KeySelect';
import { bytesToBase64, bytesToHex, parseBase64Input } from '../../lib/bytes';
import { digest } from '../../lib/digest';
import { formatBytes } from '../../lib/format';
import { usageKeys } from '../../lib/keys';
import { MatchAlert, SecretReveal, useKeyMeta } from './parts';
import { useOperation } from './useOperation';

const kemKeys = usageKeys('ENCAPSULATE_DECAPSULATE');

/** The secret as base64 for display and its SHA-256 (to compare the two sides); zeroes the bytes. */
async function takeSecret(secret: Uint8Array): Promise<{ secret: string; hash: string }> {
  const shown = bytesToBase64(secret);
  const hash = bytesToHex(await digest('SHA-256', new Uint8Array(secret)));
  secret.fill(0);
  return { secret: shown, hash };
}

/** ML-KEM: Encapsulate a shared secret to the key, Decapsulate it back. */
export function KemTab() {
  const { keyId, setKeyId, keyError, requireKey, busy, run } = useOperation<never, 'enc' | 'dec'>();
  const meta = useKeyMeta(keyId);
  const [ciphertext, setCiphertext] = useState('');
  const [ctError, setCtError] = useState<string | null>(null);
  /** base64 secrets from Encapsulate / Decapsulate; null once hidden. */
  const [encapsulated, setEncapsulated] = useState<{ secret: string | null } | null>(null);
  const [decapsulated, setDecapsulated] = useState<{ secret: string | null; matches?: boolean } | null>(null);
  /** SHA-256 of the last encapsulated secret (not the secret), to say whether Decapsulate got the same one. */
  const [lastSecretHash, setLastSecretHash] = useState<string | null>(null);
  const ctBytes = meta ? CATALOGUE[meta.KeySpec].encapsulationCiphertextBytes : undefined;

  useEffect(() => {
    setEncapsulated(null);
    setDecapsulated(null);
    setLastSecretHash(null);
  }, [keyId]);

  const encapsulate = async () => {
    const key = requireKey();
    if (!key) return;
    setDecapsulated(null);
    const res = await run('enc', () => call('kms:Encapsulate', { KeyId: key, EncapsulationAlgorithm: 'ML_KEM' }));
    if (res) {
      const { secret, hash } = await takeSecret(res.SharedSecret);
      setEncapsulated({ secret });
      setLastSecretHash(hash);
      setCiphertext(bytesToBase64(res.SharedSecretCiphertextBlob));
    }
  };

  const decapsulate = async (e: FormEvent) => {
    e.preventDefault();
    const key = requireKey();
    const parsed = parseBase64Input(ciphertext);
    setCtError(parsed.ok ? (parsed.value.length > LIMITS.publicKeyMax ? `At most ${formatBytes(LIMITS.publicKeyMax)}` : null) : parsed.error);
    if (!key || !parsed.ok || parsed.value.length > LIMITS.publicKeyMax) return;
    const res = await run('dec', () => call('kms:Decapsulate', { KeyId: key, SharedSecretCiphertextBlob: parsed.value, EncapsulationAlgorithm: 'ML_KEM' }));
    if (res) {
      const { secret, hash } = await takeSecret(res.SharedSecret);
      setDecapsulated({ secret, ...(lastSecretHash === null ? {} : { matches: lastSecretHash === hash }) });
    }
  };

  return (
    <form onSubmit={(e) => void decapsulate(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed" maw={760}>
          ML-KEM (FIPS 203) key encapsulation: a sender uses the public key to make a 32-byte shared secret and a ciphertext;
          only this key can decapsulate the ciphertext to the same secret. A post-quantum replacement for ECDH.
        </Text>
        <KeySelect value={keyId} onChange={setKeyId} error={keyError} w={520} maw="100%" keyFilter={kemKeys} kindLabel="ML-KEM" />
        <Group>
          <Button variant="default" leftSection={<IconPackageExport size={16} />} loading={busy === 'enc'} disabled={busy !== null} onClick={() => void encapsulate()}>
            Encapsulate
          </Button>
        </Group>
        {encapsulated ? (
          <Stack gap="xs">
            <SecretReveal title="Shared secret (sender's copy): shown once" value={encapsulated.secret} label="Encapsulated shared secret (base64)" onHide={() => setEncapsulated({ ...encapsulated, secret: null })} />
          </Stack>
        ) : null}
        <CopyTextarea
          label="Shared secret ciphertext (base64)"
          copyLabel="shared secret ciphertext"
          description={`${encapsulated ? 'From Encapsulate: the sender sends this to the key holder, who decapsulates it. ' : 'The ciphertext a sender made with Encapsulate. '}${ctBytes ? `${formatBytes(ctBytes)} for ${meta?.KeySpec ?? ''}.` : ''}`}
          value={ciphertext}
          onChange={(e) => setCiphertext(e.currentTarget.value)}
          error={ctError}
          minRows={2}
          maxRows={8}
        />
        <Group>
          <Button type="submit" leftSection={<IconPackageImport size={16} />} loading={busy === 'dec'} disabled={busy !== null || ciphertext.trim() === ''}>
            Decapsulate
          </Button>
        </Group>
        {decapsulated ? (
          <Stack gap="xs">
            <SecretReveal title="Shared secret (key holder's copy): shown once" value={decapsulated.secret} label="Decapsulated shared secret (base64)" onHide={() => setDecapsulated({ ...decapsulated, secret: null })} />
            {decapsulated.matches !== undefined ? (
              <MatchAlert matches={decapsulated.matches} mismatchColor="orange" title={decapsulated.matches ? 'Same secret as encapsulated' : 'Different from the last encapsulated secret'}>
                {decapsulated.matches
                  ? 'Sender and key holder now share the same 32 bytes.'
                  : 'ML-KEM decapsulation of a changed ciphertext gives an unrelated secret (implicit rejection), not an error.'}
              </MatchAlert>
            ) : null}
          </Stack>
        ) : null}
      </Stack>
    </form>
  );
}
