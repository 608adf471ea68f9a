import { Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { DATA_KEY_PAIR_INFO } from '../../../src-shared/kms/catalogue';
import { DATA_KEY_PAIR_SPECS, type DataKeyPairSpec } from '../../../src-shared/kms/enums';
import { call } from '../../api/call';
import { ElapsedProgress } from '../../components/ElapsedProgress';
import { PemBlock } from '../../components/PemBlock';
import { bytesToBase64 } from '../../lib/bytes';
import { derToPem } from '../../lib/pem';
import { DataKeyForm, useDataKeyForm } from './DataKeyForm';
import { Output, SecretReveal } from './parts';

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
  const [spec, setSpec] = useState<DataKeyPairSpec>('ECC_NIST_P256');
  const form = useDataKeyForm<PairResult>(async (request, withoutPlaintext) => {
    const req = { ...request, KeyPairSpec: spec };
    if (withoutPlaintext) {
      const res = await call('kms:GenerateDataKeyPairWithoutPlaintext', req);
      return {
        privatePem: null, publicPem: derToPem(res.PublicKey, 'PUBLIC KEY'), encryptedPrivateKey: bytesToBase64(res.PrivateKeyCiphertextBlob),
        keyId: res.KeyId, spec: res.KeyPairSpec, materialId: res.KeyMaterialId,
      };
    }
    const res = await call('kms:GenerateDataKeyPair', req);
    const privatePem = derToPem(res.PrivateKeyPlaintext, 'PRIVATE KEY');
    res.PrivateKeyPlaintext.fill(0);
    return {
      privatePem, publicPem: derToPem(res.PublicKey, 'PUBLIC KEY'), encryptedPrivateKey: bytesToBase64(res.PrivateKeyCiphertextBlob),
      keyId: res.KeyId, spec: res.KeyPairSpec, materialId: res.KeyMaterialId,
    };
  });
  const { busy, result, setResult } = form.op;

  return (
    <DataKeyForm
      form={form}
      introWidth={760}
      intro={
        <>
          A key pair for use outside Keyward (e.g. signing in an application). The private key comes back encrypted under
          a symmetric key; store that, and decrypt it (Decrypt tab) when you need the private key. The plaintext private key
          is shown once, only if asked for.
        </>
      }
      keyDescription="The symmetric key that encrypts the private key."
      spec={
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
      }
      withoutPlaintextDescription="Only the public key and the encrypted private key (GenerateDataKeyPairWithoutPlaintext), for a system that decrypts it later."
      submitLabel="Generate data key pair"
    >
      <ElapsedProgress busy={busy !== null} label="Generating key pair">
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
    </DataKeyForm>
  );
}
