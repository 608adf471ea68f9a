import { Button, Group, Stack, Text } from '@mantine/core';
import { SecretTextarea } from '../../components/SecretField';
import { IconArrowsExchange, IconUserPlus } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { CATALOGUE } from '../../../src-shared/kms/catalogue';
import { attempt, call } from '../../api/call';
import { KeySelect } from '../../components/KeySelect';
import { bytesToBase64 } from '../../lib/bytes';
import { equalBytes, generateTestPeer, peerSharedSecret, webCryptoCurve, type TestPeer } from '../../lib/ecdh';
import { formatBytes } from '../../lib/format';
import { usageKeys } from '../../lib/keys';
import { derToPem, parsePublicKeyInput } from '../../lib/pem';
import { MatchAlert, SecretReveal, useKeyMeta } from './parts';
import { useOperation } from './useOperation';

const agreementKeys = usageKeys('KEY_AGREEMENT');

interface Result {
  /** base64; null once hidden. */
  secret: string | null;
  size: number;
  keyId: string;
  /** With a test peer: did the peer derive the same secret on its side? */
  peerMatches?: boolean;
}

/** DeriveSharedSecret (raw ECDH) with a KEY_AGREEMENT key and a peer's public key. */
export function SharedSecretTab() {
  const { keyId, setKeyId, keyError, requireKey, busy, result, setResult, show } = useOperation<Result>();
  const meta = useKeyMeta(keyId);
  const [peerText, setPeerText] = useState('');
  const [peerError, setPeerError] = useState<string | null>(null);
  const [peer, setPeer] = useState<{ key: TestPeer; pem: string } | null>(null);
  const curve = meta ? webCryptoCurve(meta.KeySpec) : null;
  const secretBytes = meta ? CATALOGUE[meta.KeySpec].sharedSecretBytes : undefined;

  // A test peer belongs to one curve; a new key or edited text drops it.
  useEffect(() => {
    if (peer && (peer.key.curve !== curve || peer.pem !== peerText)) setPeer(null);
  }, [curve, peerText, peer]);
  useEffect(() => setResult(null), [keyId, setResult]);

  const makePeer = async () => {
    if (!curve) return;
    const key = await generateTestPeer(curve);
    const pem = derToPem(key.publicKeySpki, 'PUBLIC KEY');
    setPeer({ key, pem });
    setPeerText(pem);
    setPeerError(null);
  };

  const derive = async (e: FormEvent) => {
    e.preventDefault();
    const key = requireKey();
    const parsed = parsePublicKeyInput(peerText);
    setPeerError(parsed.ok ? null : parsed.error);
    if (!key || !parsed.ok) return;
    await show('run', async () => {
      const res = await call('kms:DeriveSharedSecret', { KeyId: key, KeyAgreementAlgorithm: 'ECDH', PublicKey: parsed.value });
      let peerMatches: boolean | undefined;
      if (peer && secretBytes) {
        const pub = await attempt(() => call('kms:GetPublicKey', { KeyId: key }));
        if (pub) {
          const theirs = await peerSharedSecret(peer.key, new Uint8Array(pub.PublicKey), secretBytes);
          peerMatches = equalBytes(theirs, res.SharedSecret);
          theirs.fill(0);
        }
      }
      const secret = bytesToBase64(res.SharedSecret);
      const size = res.SharedSecret.length;
      res.SharedSecret.fill(0);
      return { secret, size, keyId: res.KeyId, ...(peerMatches === undefined ? {} : { peerMatches }) };
    });
  };

  return (
    <form onSubmit={(e) => void derive(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed" maw={760}>
          ECDH key agreement: Keyward combines the key&apos;s private half with the peer&apos;s public key; the peer combines
          its private key with this key&apos;s public key (Key detail → Public key). Both get the same secret. KMS returns
          the raw shared secret: run it through a KDF (e.g. HKDF) before using it as a key.
        </Text>
        <KeySelect value={keyId} onChange={setKeyId} error={keyError} w={520} maw="100%" keyFilter={agreementKeys} kindLabel="key agreement" />
        <SecretTextarea
          label="Peer public key"
          description="PEM (BEGIN PUBLIC KEY) or base64 of the DER SubjectPublicKeyInfo, on the same curve as the key."
          value={peerText}
          onChange={(e) => setPeerText(e.currentTarget.value)}
          error={peerError}
          autosize
          minRows={4}
          maxRows={10}
          className="kw-mono-area"
        />
        <Group>
          <Button type="submit" leftSection={<IconArrowsExchange size={16} />} loading={busy !== null} disabled={peerText.trim() === ''}>
            Derive shared secret
          </Button>
          <Button variant="default" leftSection={<IconUserPlus size={16} />} onClick={() => void makePeer()} disabled={!curve || busy !== null}>
            Use a test peer
          </Button>
          <Text size="xs" c="dimmed" maw={420}>
            {curve
              ? `Makes a throwaway ${curve} key pair in this window (WebCrypto) and checks that both sides derive the same secret.`
              : 'Choose a NIST curve key to try a test peer.'}
          </Text>
        </Group>
        {result ? (
          <Stack gap="xs">
            <SecretReveal
              title="Shared secret: shown once"
              value={result.secret}
              label="Shared secret (base64)"
              testId="shared-secret"
              onHide={() => setResult({ ...result, secret: null })}
            />
            <Text size="xs" c="dimmed">
              {formatBytes(result.size)} raw ECDH secret · KeyId {result.keyId}
            </Text>
            {result.peerMatches !== undefined ? (
              <MatchAlert
                matches={result.peerMatches}
                mismatchColor="red"
                title={result.peerMatches ? 'The test peer derived the same secret' : 'The test peer derived a different secret'}
              >
                The peer used its own private key and this key&apos;s public key from GetPublicKey, computed here with WebCrypto.
              </MatchAlert>
            ) : null}
          </Stack>
        ) : null}
      </Stack>
    </form>
  );
}
