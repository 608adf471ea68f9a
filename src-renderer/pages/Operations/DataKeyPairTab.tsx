import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { DATA_KEY_PAIR_INFO } from '../../../src-shared/kms/catalogue';
import { DATA_KEY_PAIR_SPECS, type DataKeyPairSpec } from '../../../src-shared/kms/enums';
import { attempt, call } from '../../api/call';
import { ContextEditor } from '../../components/ContextEditor';
import { ElapsedProgress } from '../../components/ElapsedProgress';
import { KeySelect } from '../../components/KeySelect';
import { PemBlock } from '../../components/PemBlock';
import { bytesToBase64 } from '../../lib/bytes';
import { derToPem } from '../../lib/pem';
import { CONTEXT_HELP, contextParam, Output, SecretReveal, useContextRows, useRequiredKey, WithoutPlaintextSwitch } from './parts';

/** Pair specs from the catalogue; those not offered here are listed disabled with the reason. */
const SPEC_OPTIONS = DATA_KEY_PAIR_SPECS.map((spec) => {
  const info = DATA_KEY_PAIR_INFO[spec];
  return { value: spec, label: `${spec} · ${info.offered ? info.summary : info.notOfferedReason ?? 'not offered'}`, disabled: !info.offered };
});

interface PairResult {
  /** PEM of the PKCS #8 private key; null once hidden or when generated without plaintext. */
  privatePem: string | null;
  publicPem: string;
  encryptedPrivateKey: string;
  keyId: string;
  spec: DataKeyPairSpec;
  materialId: string;
}

/** GenerateDataKeyPair(WithoutPlaintext): a key pair whose private key is encrypted under a symmetric key. */
export function DataKeyPairTab() {
  const { keyId, setKeyId, keyError, checkKey } = useRequiredKey();
  const [spec, setSpec] = useState<DataKeyPairSpec>('ECC_NIST_P256');
  const [withoutPlaintext, setWithoutPlaintext] = useState(false);
  const ctx = useContextRows();
  const [result, setResult] = useState<PairResult | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    checkKey();
    const context = ctx.read();
    if (!keyId || context === false) return;
    setBusy(true);
    setResult(null);
    const req = { KeyId: keyId, KeyPairSpec: spec, ...contextParam(context) };
    try {
      if (withoutPlaintext) {
        const res = await attempt(() => call('kms:GenerateDataKeyPairWithoutPlaintext', req));
        if (res) {
          setResult({
            privatePem: null, publicPem: derToPem(res.PublicKey, 'PUBLIC KEY'), encryptedPrivateKey: bytesToBase64(res.PrivateKeyCiphertextBlob),
            keyId: res.KeyId, spec: res.KeyPairSpec, materialId: res.KeyMaterialId,
          });
        }
      } else {
        const res = await attempt(() => call('kms:GenerateDataKeyPair', req));
        if (res) {
          const privatePem = derToPem(res.PrivateKeyPlaintext, 'PRIVATE KEY');
          res.PrivateKeyPlaintext.fill(0);
          setResult({
            privatePem, publicPem: derToPem(res.PublicKey, 'PUBLIC KEY'), encryptedPrivateKey: bytesToBase64(res.PrivateKeyCiphertextBlob),
            keyId: res.KeyId, spec: res.KeyPairSpec, materialId: res.KeyMaterialId,
          });
        }
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed" maw={760}>
          A key pair for use outside Keyward (e.g. signing in an application). The private key comes back encrypted under
          a symmetric key; store that, and decrypt it (Decrypt tab) when you need the private key. The plaintext private key
          is shown once, only if asked for.
        </Text>
        <KeySelect value={keyId} onChange={setKeyId} error={keyError} w={520} maw="100%" description="The symmetric key that encrypts the private key." />
        <Select
          label="Key pair spec"
          data={SPEC_OPTIONS}
          value={spec}
          onChange={(v) => {
            const s = DATA_KEY_PAIR_SPECS.find((x) => x === v);
            if (s) setSpec(s);
          }}
          allowDeselect={false}
          w={520}
          maw="100%"
          classNames={{ input: 'kw-mono' }}
        />
        <ContextEditor rows={ctx.rows} onChange={ctx.setRows} error={ctx.error} description={CONTEXT_HELP} />
        <WithoutPlaintextSwitch
          description="Only the public key and the encrypted private key (GenerateDataKeyPairWithoutPlaintext), for a system that decrypts it later."
          checked={withoutPlaintext}
          onChange={setWithoutPlaintext}
        />
        <Group>
          <Button type="submit" leftSection={<IconKey size={16} />} loading={busy}>
            Generate data key pair
          </Button>
        </Group>
        <ElapsedProgress busy={busy} label="Generating key pair">
          Generating the {spec} key pair in the main process
        </ElapsedProgress>
        {result ? (
          <Stack gap="sm">
            <SecretReveal
              title="Private key (PKCS #8 PEM): shown once"
              value={result.privatePem}
              label="Private key (PEM)"
              testId="plaintext-private-key"
              pre
              onHide={() => setResult({ ...result, privatePem: null })}
            />
            <PemBlock label="Public key (PEM)" pem={result.publicPem} fileName={`data-key-pair-${result.spec.toLowerCase()}-public.pem`} copyLabel="public key" />
            <Output label="Encrypted private key (base64)" value={result.encryptedPrivateKey} copyLabel="encrypted private key">
              <Text size="xs" c="dimmed">
                {result.spec} · KeyId {result.keyId} · KeyMaterialId {result.materialId}
              </Text>
            </Output>
          </Stack>
        ) : null}
      </Stack>
    </form>
  );
}
