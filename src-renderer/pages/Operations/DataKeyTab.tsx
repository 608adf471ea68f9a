import { Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { DataKeySpec } from '../../../src-shared/kms/enums';
import { call } from '../../api/call';
import { bytesToBase64 } from '../../lib/bytes';
import { DataKeyForm, useDataKeyForm } from './DataKeyForm';
import { Output, SecretReveal } from './parts';

interface DataKeyResult {
  /** base64 of the plaintext data key; null once hidden or when generated without plaintext. */
  plaintext: string | null;
  ciphertext: string;
  keyId: string;
  materialId: string;
}

/** GenerateDataKey(WithoutPlaintext): a data key for envelope encryption, encrypted under a symmetric key. */
export function DataKeyTab() {
  const [spec, setSpec] = useState<DataKeySpec>('AES_256');
  const form = useDataKeyForm<DataKeyResult>(async (request, withoutPlaintext) => {
    const req = { ...request, KeySpec: spec };
    if (withoutPlaintext) {
      const res = await call('kms:GenerateDataKeyWithoutPlaintext', req);
      return { plaintext: null, ciphertext: bytesToBase64(res.CiphertextBlob), keyId: res.KeyId, materialId: res.KeyMaterialId };
    }
    const res = await call('kms:GenerateDataKey', req);
    const plaintext = bytesToBase64(res.Plaintext);
    res.Plaintext.fill(0);
    return { plaintext, ciphertext: bytesToBase64(res.CiphertextBlob), keyId: res.KeyId, materialId: res.KeyMaterialId };
  });
  const { result, setResult } = form.op;

  return (
    <DataKeyForm
      form={form}
      introWidth={720}
      intro={
        <>
          Envelope encryption: encrypt your data locally with the data key, store the encrypted data key next to it, and
          throw the plaintext data key away. Decrypt the encrypted data key later to get it back.
        </>
      }
      spec={
        <Select
          label="Key spec"
          data={[{ value: 'AES_256', label: 'AES_256 (32 bytes)' }, { value: 'AES_128', label: 'AES_128 (16 bytes)' }]}
          value={spec}
          onChange={(v) => setSpec(v === 'AES_128' ? 'AES_128' : 'AES_256')}
          allowDeselect={false}
          w={240}
        />
      }
      withoutPlaintextDescription="Only the encrypted data key (GenerateDataKeyWithoutPlaintext), for a system that will decrypt it later."
      submitLabel="Generate data key"
    >
      {result ? (
        <Stack gap="sm">
          <SecretReveal
            title="Plaintext data key: shown once"
            value={result.plaintext}
            label="Plaintext data key (base64)"
            testId="plaintext-data-key"
            onHide={() => setResult({ ...result, plaintext: null })}
          />
          <Output label="Encrypted data key (base64)" value={result.ciphertext} copyLabel="encrypted data key">
            <Text size="xs" c="dimmed">
              KeyId {result.keyId} · KeyMaterialId {result.materialId}
            </Text>
          </Output>
        </Stack>
      ) : null}
    </DataKeyForm>
  );
}
