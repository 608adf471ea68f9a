import { Button, Group, NumberInput, Paper, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import {
  IconArrowsExchange, IconArrowsShuffle, IconAtom, IconFingerprint, IconKey, IconKeyframes, IconLock, IconLockOpen, IconSignature,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../src-shared/kms/enums';
import { call } from '../../api/call';
import { PageHeader } from '../../components/PageHeader';
import { bytesToBase64, bytesToHex } from '../../lib/bytes';
import { formatBytes, formatCount } from '../../lib/format';
import { DataKeyPairTab } from './DataKeyPairTab';
import { DataKeyTab } from './DataKeyTab';
import { DecryptTab, EncryptTab } from './EncryptDecrypt';
import { KemTab } from './KemTab';
import { MacTab } from './MacTab';
import { Output } from './parts';
import { SharedSecretTab } from './SharedSecretTab';
import { SignVerifyTab } from './SignVerifyTab';
import { useOperation } from './useOperation';

/*
 * Everything secret on this page (plaintexts, data keys, private keys, shared secrets) lives in
 * component state only, never in the store. It
 * is dropped when the user leaves the page or the vault locks (both unmount the page).
 */

function RandomTab() {
  const [count, setCount] = useState<number | string>(32);
  const [format, setFormat] = useState<'base64' | 'hex'>('base64');
  const { busy, result, show } = useOperation<Uint8Array>();
  const n = Number(count);
  const valid = Number.isInteger(n) && n >= LIMITS.randomBytesMin && n <= LIMITS.randomBytesMax;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    await show('run', async () => (await call('kms:GenerateRandom', { NumberOfBytes: n })).Plaintext, { keep: true });
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
          <Button type="submit" leftSection={<IconArrowsShuffle size={16} />} loading={busy !== null} disabled={!valid}>
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
