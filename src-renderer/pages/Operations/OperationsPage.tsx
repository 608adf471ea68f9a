import {
  Alert, Badge, Button, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Switch, Tabs, Text, Textarea,
} from '@mantine/core';
import {
  IconArrowsShuffle, IconEyeOff, IconKey, IconLock, IconLockOpen, IconTrash,
} from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { LIMITS, type DataKeySpec } from '../../../src-shared/kms/enums';
import { attempt, call } from '../../api/call';
import { ContextEditor } from '../../components/ContextEditor';
import { CopyValue } from '../../components/CopyValue';
import { KeySelect } from '../../components/KeySelect';
import { PageHeader } from '../../components/PageHeader';
import { bytesToBase64, bytesToHex, decodeForDisplay, parseBase64Input, utf8Bytes, utf8Length, type DecodedText } from '../../lib/bytes';
import { formatBytes, formatCount } from '../../lib/format';
import { newRow, optionalContext, rowsToRecord, type KeyValueRow } from '../../lib/keyValue';

/*
 * Everything secret on this page (plaintexts, data keys) lives in component state only. It
 * is dropped when the user leaves the page or the vault locks (both unmount the page).
 */

function Output({ label, value, copyLabel, minRows = 3, children }: { label: string; value: string; copyLabel: string; minRows?: number; children?: ReactNode }) {
  return (
    <Stack gap={4}>
      <Textarea
        label={
          <Group gap={6} component="span">
            <span>{label}</span>
            <CopyValue value={value} label={copyLabel} />
          </Group>
        }
        value={value}
        readOnly
        autosize
        minRows={minRows}
        maxRows={10}
        className="kw-mono-area"
        styles={{ label: { display: 'flex', alignItems: 'center' } }}
      />
      {children}
    </Stack>
  );
}

function useContextRows() {
  const [rows, setRows] = useState<KeyValueRow[]>([newRow()]);
  const [error, setError] = useState<string | null>(null);
  /** Validated map, or undefined after showing the error. */
  const read = (): Record<string, string> | undefined | false => {
    const r = rowsToRecord(rows, { keyLabel: 'Context key' });
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    setError(null);
    return optionalContext(r.value);
  };
  return { rows, setRows, error, read };
}

const CONTEXT_HELP = 'Optional non-secret key/value pairs bound to the ciphertext; the same pairs must be given to decrypt.';

function EncryptTab() {
  const [keyId, setKeyId] = useState<string | null>(null);
  const [plaintext, setPlaintext] = useState('');
  const ctx = useContextRows();
  const [keyError, setKeyError] = useState<string | null>(null);
  const [result, setResult] = useState<{ ciphertext: string; keyId: string; algorithm: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const size = utf8Length(plaintext);
  const tooBig = size > LIMITS.encryptPlaintextMax;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setKeyError(keyId ? null : 'Choose a key');
    const context = ctx.read();
    if (!keyId || context === false || size === 0 || tooBig) return;
    setBusy(true);
    const bytes = utf8Bytes(plaintext);
    const res = await attempt(() => call('kms:Encrypt', { KeyId: keyId, Plaintext: bytes, ...(context ? { EncryptionContext: context } : {}) }));
    bytes.fill(0);
    setBusy(false);
    if (res) setResult({ ciphertext: bytesToBase64(res.CiphertextBlob), keyId: res.KeyId, algorithm: res.EncryptionAlgorithm });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <KeySelect value={keyId} onChange={setKeyId} error={keyError} w={520} maw="100%" />
        <Textarea
          label="Plaintext"
          description={`${formatCount(size)} / ${formatBytes(LIMITS.encryptPlaintextMax)} max (UTF-8). For larger data, generate a data key.`}
          value={plaintext}
          onChange={(e) => setPlaintext(e.currentTarget.value)}
          error={tooBig ? `Too long: ${formatBytes(size)}; Encrypt takes at most ${formatBytes(LIMITS.encryptPlaintextMax)}` : null}
          autosize
          minRows={4}
          maxRows={12}
          className="kw-mono-area"
        />
        <ContextEditor rows={ctx.rows} onChange={ctx.setRows} error={ctx.error} description={CONTEXT_HELP} />
        <Group>
          <Button type="submit" leftSection={<IconLock size={16} />} loading={busy} disabled={size === 0 || tooBig}>
            Encrypt
          </Button>
          {result ? (
            <Button variant="subtle" color="gray" leftSection={<IconTrash size={16} />} onClick={() => { setResult(null); setPlaintext(''); }}>
              Clear
            </Button>
          ) : null}
        </Group>
        {result ? (
          <Output label="Ciphertext (base64)" value={result.ciphertext} copyLabel="ciphertext">
            <Text size="xs" c="dimmed">
              {formatCount(Math.floor((result.ciphertext.replace(/=+$/, '').length * 3) / 4))} bytes · key {result.keyId} · {result.algorithm}
            </Text>
          </Output>
        ) : null}
      </Stack>
    </form>
  );
}

function DecryptTab() {
  const [ciphertext, setCiphertext] = useState('');
  const [ctError, setCtError] = useState<string | null>(null);
  const [keyId, setKeyId] = useState<string | null>(null);
  const ctx = useContextRows();
  const [result, setResult] = useState<(DecodedText & { keyId: string; materialId: string; size: number }) | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseBase64Input(ciphertext);
    const context = ctx.read();
    if (!parsed.ok) {
      setCtError(parsed.error);
      return;
    }
    if (parsed.value.length > LIMITS.ciphertextBlobMax) {
      setCtError(`Too long: ${formatBytes(parsed.value.length)}; at most ${formatBytes(LIMITS.ciphertextBlobMax)}`);
      return;
    }
    setCtError(null);
    if (context === false) return;
    setBusy(true);
    setResult(null);
    const res = await attempt(() =>
      call('kms:Decrypt', { CiphertextBlob: parsed.value, ...(keyId ? { KeyId: keyId } : {}), ...(context ? { EncryptionContext: context } : {}) }),
    );
    setBusy(false);
    if (res) {
      const shown = decodeForDisplay(res.Plaintext);
      const size = res.Plaintext.length;
      res.Plaintext.fill(0);
      setResult({ ...shown, keyId: res.KeyId, materialId: res.KeyMaterialId, size });
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <Textarea
          label="Ciphertext (base64)"
          description={`A ciphertext blob from Encrypt or a data key's encrypted copy (${formatBytes(LIMITS.ciphertextBlobMax)} max). It names its key, so Key is optional.`}
          value={ciphertext}
          onChange={(e) => setCiphertext(e.currentTarget.value)}
          error={ctError}
          autosize
          minRows={3}
          maxRows={10}
          className="kw-mono-area"
        />
        <ContextEditor rows={ctx.rows} onChange={ctx.setRows} error={ctx.error} description="The exact pairs used when encrypting, if any." />
        <KeySelect
          label="Key (optional)"
          description="If set, Decrypt fails unless the ciphertext was made under this key."
          value={keyId}
          onChange={setKeyId}
          clearable
          w={520}
          maw="100%"
        />
        <Group>
          <Button type="submit" leftSection={<IconLockOpen size={16} />} loading={busy} disabled={ciphertext.trim() === ''}>
            Decrypt
          </Button>
          {result ? (
            <Button variant="subtle" color="gray" leftSection={<IconTrash size={16} />} onClick={() => setResult(null)}>
              Clear
            </Button>
          ) : null}
        </Group>
        {result ? (
          <Output label="Plaintext" value={result.text} copyLabel="plaintext">
            <Group gap="xs">
              <Badge size="sm" variant="light" color={result.encoding === 'utf-8' ? 'indigo' : 'orange'} radius="sm">
                {result.encoding === 'utf-8' ? 'UTF-8' : 'hex (not valid UTF-8)'}
              </Badge>
              <Text size="xs" c="dimmed">
                {formatBytes(result.size)} · KeyId {result.keyId} · KeyMaterialId {result.materialId}
              </Text>
            </Group>
          </Output>
        ) : null}
      </Stack>
    </form>
  );
}

interface DataKeyResult {
  /** base64 of the plaintext data key; null once hidden or when generated without plaintext. */
  plaintext: string | null;
  ciphertext: string;
  keyId: string;
  materialId: string;
}

function DataKeyTab() {
  const [keyId, setKeyId] = useState<string | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [spec, setSpec] = useState<DataKeySpec>('AES_256');
  const [withoutPlaintext, setWithoutPlaintext] = useState(false);
  const ctx = useContextRows();
  const [result, setResult] = useState<DataKeyResult | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setKeyError(keyId ? null : 'Choose a key');
    const context = ctx.read();
    if (!keyId || context === false) return;
    setBusy(true);
    setResult(null);
    const req = { KeyId: keyId, KeySpec: spec, ...(context ? { EncryptionContext: context } : {}) };
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
        <Switch
          label="Without plaintext"
          description="Only the encrypted data key (GenerateDataKeyWithoutPlaintext), for a system that will decrypt it later."
          checked={withoutPlaintext}
          onChange={(e) => setWithoutPlaintext(e.currentTarget.checked)}
        />
        <Group>
          <Button type="submit" leftSection={<IconKey size={16} />} loading={busy}>
            Generate data key
          </Button>
        </Group>
        {result ? (
          <Stack gap="sm">
            {result.plaintext !== null ? (
              <Alert color="orange" variant="light" title="Plaintext data key: shown once" icon={<IconKey size={18} />}>
                <Stack gap="xs">
                  <Group gap="xs" wrap="nowrap">
                    <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }} aria-label="Plaintext data key (base64)" data-testid="plaintext-data-key">
                      {result.plaintext}
                    </Text>
                    <CopyValue value={result.plaintext} label="plaintext data key" />
                  </Group>
                  <Group gap="xs">
                    <Button size="xs" variant="default" leftSection={<IconEyeOff size={14} />} onClick={() => setResult({ ...result, plaintext: null })}>
                      Hide
                    </Button>
                    <Text size="xs" c="dimmed">
                      Copy it now: after Hide (or leaving this page) it is gone from the app.
                    </Text>
                  </Group>
                </Stack>
              </Alert>
            ) : null}
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

/** Encrypt, Decrypt, data keys and random bytes against keys in the vault. */
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
            <Tabs.Tab value="random" leftSection={<IconArrowsShuffle size={14} />}>Random</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="encrypt"><EncryptTab /></Tabs.Panel>
          <Tabs.Panel value="decrypt"><DecryptTab /></Tabs.Panel>
          <Tabs.Panel value="datakey"><DataKeyTab /></Tabs.Panel>
          <Tabs.Panel value="random"><RandomTab /></Tabs.Panel>
        </Tabs>
      </Paper>
    </>
  );
}
