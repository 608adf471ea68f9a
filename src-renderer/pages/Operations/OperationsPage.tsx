import {
  Button, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Tabs, Text,
} from '@mantine/core';
import {
  IconArrowsExchange, IconArrowsShuffle, IconAtom, IconFingerprint, IconKey, IconKeyframes, IconLock, IconLockOpen, IconSignature,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { LIMITS, type DataKeySpec } from '../../../src-shared/kms/enums';
import { attempt, call } from '../../api/call';
import { ContextEditor } from '../../components/ContextEditor';
import { KeySelect } from '../../components/KeySelect';
import { PageHeader } from '../../components/PageHeader';
import { bytesToBase64, bytesToHex } from '../../lib/bytes';
import { formatBytes, formatCount } from '../../lib/format';
import { DataKeyPairTab } from './DataKeyPairTab';
import { DecryptTab, EncryptTab } from './EncryptDecrypt';
import { KemTab } from './KemTab';
import { MacTab } from './MacTab';
import { CONTEXT_HELP, contextParam, Output, SecretReveal, useContextRows, useRequiredKey, WithoutPlaintextSwitch } from './parts';
import { SharedSecretTab } from './SharedSecretTab';
import { SignVerifyTab } from './SignVerifyTab';

/*
 * Everything secret on this page (plaintexts, data keys, private keys, shared secrets) lives in
 * component state only, never in the store. It
 * is dropped when the user leaves the page or the vault locks (both unmount the page).
 */

interface DataKeyResult {
  /** base64 of the plaintext data key; null once hidden or when generated without plaintext. */
  plaintext: string | null;
  ciphertext: string;
  keyId: string;
  materialId: string;
}

function DataKeyTab() {
  const { keyId, setKeyId, keyError, checkKey } = useRequiredKey();
  const [spec, setSpec] = useState<DataKeySpec>('AES_256');
  const [withoutPlaintext, setWithoutPlaintext] = useState(false);
  const ctx = useContextRows();
  const [result, setResult] = useState<DataKeyResult | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    checkKey();
    const context = ctx.read();
    if (!keyId || context === false) return;
    setBusy(true);
    setResult(null);
    const req = { KeyId: keyId, KeySpec: spec, ...contextParam(context) };
    if (withoutPlaintext) {
      const res = await attempt(() => call('kms:GenerateDataKeyWithoutPlaintext', req));
      if (res) setResult({ plaintext: null, ciphertext: bytesToBase64(res.CiphertextBlob), keyId: res.KeyId, materialId: res.KeyMaterialId });
    } else {
      const res = await attempt(() => call('kms:GenerateDataKey', req));
      if (res) {
        const plaintext = bytesToBase64(res.Plaintext);
        res.Plaintext.fill(0);
        setResult({ plaintext, ciphertext: bytesToBase64(res.CiphertextBlob), keyId: res.KeyId, materialId: res.KeyMaterialId });
      }
    }
    setBusy(false);
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed" maw={720}>
          Envelope encryption: encrypt your data locally with the data key, store the encrypted data key next to it, and
          throw the plaintext data key away. Decrypt the encrypted data key later to get it back.
        </Text>
        <KeySelect value={keyId} onChange={setKeyId} error={keyError} w={520} maw="100%" />
        <Select
          label="Key spec"
          data={[{ value: 'AES_256', label: 'AES_256 (32 bytes)' }, { value: 'AES_128', label: 'AES_128 (16 bytes)' }]}
          value={spec}
          onChange={(v) => setSpec(v === 'AES_128' ? 'AES_128' : 'AES_256')}
          allowDeselect={false}
          w={240}
        />
        <ContextEditor rows={ctx.rows} onChange={ctx.setRows} error={ctx.error} description={CONTEXT_HELP} />
        <WithoutPlaintextSwitch
          description="Only the encrypted data key (GenerateDataKeyWithoutPlaintext), for a system that will decrypt it later."
          checked={withoutPlaintext}
          onChange={setWithoutPlaintext}
        />
        <Group>
          <Button type="submit" leftSection={<IconKey size={16} />} loading={busy}>
            Generate data key
          </Button>
        </Group>
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
      </Stack>
    </form>
  );
}

function RandomTab() {
  const [count, setCount] = useState<number | string>(32);
  const [format, setFormat] = useState<'base64' | 'hex'>('base64');
  const [result, setResult] = useState<Uint8Array | null>(null);
  const [busy, setBusy] = useState(false);
  const n = Number(count);
  const valid = Number.isInteger(n) && n >= LIMITS.randomBytesMin && n <= LIMITS.randomBytesMax;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    const res = await attempt(() => call('kms:GenerateRandom', { NumberOfBytes: n }));
    setBusy(false);
    if (res) setResult(res.Plaintext);
  };
  const shown = result ? (format === 'base64' ? bytesToBase64(result) : bytesToHex(result)) : '';

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <Group align="flex-end" gap="sm">
          <NumberInput
            label="Number of bytes"
            description={`${LIMITS.randomBytesMin}–${formatCount(LIMITS.randomBytesMax)} (${formatBytes(LIMITS.randomBytesMax)} max)`}
            value={count}
            onChange={setCount}
            min={LIMITS.randomBytesMin}
            max={LIMITS.randomBytesMax}
            allowDecimal={false}
            error={valid ? null : `Enter ${LIMITS.randomBytesMin} to ${LIMITS.randomBytesMax}`}
            w={220}
          />
          <Button type="submit" leftSection={<IconArrowsShuffle size={16} />} loading={busy} disabled={!valid}>
            Generate random
          </Button>
        </Group>
        {result ? (
          <>
            <SegmentedControl size="xs" w={200} value={format} onChange={(v) => setFormat(v === 'hex' ? 'hex' : 'base64')} data={[{ value: 'base64', label: 'Base64' }, { value: 'hex', label: 'Hex' }]} aria-label="Output format" />
            <Output label={format === 'base64' ? 'Random bytes (base64)' : 'Random bytes (hex)'} value={shown} copyLabel="random bytes" minRows={2}>
              <Text size="xs" c="dimmed">{formatBytes(result.length)} from the CSPRNG in the main process</Text>
            </Output>
          </>
        ) : null}
      </Stack>
    </form>
  );
}

/** Every KMS cryptographic operation against keys in the vault, one tab each. */
export function OperationsPage() {
  return (
    <>
      <PageHeader title="Operations" description="Call the KMS cryptographic operations directly. Results stay on this page and are cleared when you leave it or the vault locks." />
      <Paper withBorder radius="md" p="md">
        <Tabs defaultValue="encrypt" keepMounted>
          <Tabs.List mb="md">
            <Tabs.Tab value="encrypt" leftSection={<IconLock size={14} />}>Encrypt</Tabs.Tab>
            <Tabs.Tab value="decrypt" leftSection={<IconLockOpen size={14} />}>Decrypt</Tabs.Tab>
            <Tabs.Tab value="datakey" leftSection={<IconKey size={14} />}>Data key</Tabs.Tab>
            <Tabs.Tab value="datakeypair" leftSection={<IconKeyframes size={14} />}>Data key pair</Tabs.Tab>
            <Tabs.Tab value="sign" leftSection={<IconSignature size={14} />}>Sign / Verify</Tabs.Tab>
            <Tabs.Tab value="mac" leftSection={<IconFingerprint size={14} />}>MAC</Tabs.Tab>
            <Tabs.Tab value="agreement" leftSection={<IconArrowsExchange size={14} />}>Shared secret</Tabs.Tab>
            <Tabs.Tab value="kem" leftSection={<IconAtom size={14} />}>ML-KEM</Tabs.Tab>
            <Tabs.Tab value="random" leftSection={<IconArrowsShuffle size={14} />}>Random</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="encrypt"><EncryptTab /></Tabs.Panel>
          <Tabs.Panel value="decrypt"><DecryptTab /></Tabs.Panel>
          <Tabs.Panel value="datakey"><DataKeyTab /></Tabs.Panel>
          <Tabs.Panel value="datakeypair"><DataKeyPairTab /></Tabs.Panel>
          <Tabs.Panel value="sign"><SignVerifyTab /></Tabs.Panel>
          <Tabs.Panel value="mac"><MacTab /></Tabs.Panel>
          <Tabs.Panel value="agreement"><SharedSecretTab /></Tabs.Panel>
          <Tabs.Panel value="kem"><KemTab /></Tabs.Panel>
          <Tabs.Panel value="random"><RandomTab /></Tabs.Panel>
        </Tabs>
      </Paper>
    </>
  );
}
