import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { SecretTextarea } from '../../components/SecretField';
import { IconLock, IconLockOpen, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { algorithmsFor, maxPlaintextBytes } from '../../../src-shared/kms/catalogue';
import { LIMITS, type EncryptionAlgorithmSpec } from '../../../src-shared/kms/enums';
import type { KeyMetadata } from '../../../src-shared/kms/types';
import { call } from '../../api/call';
import { ContextEditor } from '../../components/ContextEditor';
import { KeySelect } from '../../components/KeySelect';
import { bytesToBase64, decodeForDisplay, parseBase64Input, utf8Bytes, utf8Length, type DecodedText } from '../../lib/bytes';
import { formatBytes, formatCount } from '../../lib/format';
import { encryptionKeys } from '../../lib/keys';
import { AlgorithmSelect, CONTEXT_HELP, contextParam, Output, useAlgorithmChoice, useContextRows, useKeyMeta } from './parts';
import { useOperation } from './useOperation';

interface EncryptResult {
  ciphertext: string;
  size: number;
  keyId: string;
  algorithm: string;
}

type DecryptResult = DecodedText & { keyId: string; materialId?: string; algorithm: string; size: number };

/** The asymmetric (RSA) encryption algorithms a key allows, or [] for a symmetric key. */
function asymmetricAlgorithms(meta: KeyMetadata | undefined): EncryptionAlgorithmSpec[] {
  if (!meta || meta.KeySpec === 'SYMMETRIC_DEFAULT') return [];
  const list = meta.EncryptionAlgorithms?.length ? meta.EncryptionAlgorithms : algorithmsFor(meta.KeySpec, meta.KeyUsage).EncryptionAlgorithms ?? [];
  return list.filter((a) => a !== 'SYMMETRIC_DEFAULT');
}

/** Pick RSAES_OAEP_SHA_256 by default (SHA-1 only for old clients), and follow the key. */
function useAlgorithm(meta: KeyMetadata | undefined) {
  const algorithms = asymmetricAlgorithms(meta);
  const [algorithm, setAlgorithm] = useAlgorithmChoice(algorithms, 'RSAES_OAEP_SHA_256');
  return { algorithms, algorithm, setAlgorithm };
}

/** Shown only for an RSA key, so never without algorithms. */
function RsaAlgorithmSelect({ algorithms, value, onChange }: { algorithms: EncryptionAlgorithmSpec[]; value: EncryptionAlgorithmSpec | null; onChange(v: EncryptionAlgorithmSpec): void }) {
  return (
    <AlgorithmSelect
      label="Encryption algorithm"
      description="RSA-OAEP. Decrypt must use the same algorithm."
      algorithms={algorithms}
      value={value}
      onChange={(a) => {
        if (a) onChange(a);
      }}
      w={320}
    />
  );
}

export function EncryptTab() {
  const { keyId, setKeyId, keyError, requireKey, busy, result, setResult, show } = useOperation<EncryptResult>();
  const meta = useKeyMeta(keyId);
  const { algorithms, algorithm, setAlgorithm } = useAlgorithm(meta);
  const rsa = algorithms.length > 0;
  const [plaintext, setPlaintext] = useState('');
  const ctx = useContextRows();
  const size = utf8Length(plaintext);
  const max = rsa && meta && algorithm ? maxPlaintextBytes(meta.KeySpec, algorithm) ?? LIMITS.encryptPlaintextMax : LIMITS.encryptPlaintextMax;
  const tooBig = size > max;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const key = requireKey();
    const context = rsa ? undefined : ctx.read();
    if (!key || context === false || size === 0 || tooBig) return;
    const bytes = utf8Bytes(plaintext);
    await show('run', async () => {
      try {
        const res = await call('kms:Encrypt', {
          KeyId: key,
          Plaintext: bytes,
          ...contextParam(context),
          ...(rsa && algorithm ? { EncryptionAlgorithm: algorithm } : {}),
        });
        return { ciphertext: bytesToBase64(res.CiphertextBlob), size: res.CiphertextBlob.length, keyId: res.KeyId, algorithm: res.EncryptionAlgorithm };
      } finally {
        bytes.fill(0);
      }
    }, { keep: true });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <KeySelect value={keyId} onChange={setKeyId} error={keyError} w={520} maw="100%" keyFilter={encryptionKeys} kindLabel="encryption" />
        {rsa ? <RsaAlgorithmSelect algorithms={algorithms} value={algorithm} onChange={setAlgorithm} /> : null}
        <SecretTextarea
          label="Plaintext"
          description={
            rsa
              ? `${formatCount(size)} / ${formatBytes(max)} max for ${meta?.KeySpec ?? ''} with ${algorithm ?? ''} (UTF-8). RSA encrypts small secrets; for data, use a symmetric key.`
              : `${formatCount(size)} / ${formatBytes(max)} max (UTF-8). For larger data, generate a data key.`
          }
          value={plaintext}
          onChange={(e) => setPlaintext(e.currentTarget.value)}
          error={tooBig ? `Too long: ${formatBytes(size)}; this key and algorithm encrypt at most ${formatBytes(max)}` : null}
          autosize
          minRows={4}
          maxRows={12}
          className="kw-mono-area"
        />
        {rsa ? (
          <Text size="xs" c="dimmed">RSA keys take no encryption context (KMS binds context only to symmetric ciphertexts).</Text>
        ) : (
          <ContextEditor rows={ctx.rows} onChange={ctx.setRows} error={ctx.error} description={CONTEXT_HELP} />
        )}
        <Group>
          <Button type="submit" leftSection={<IconLock size={16} />} loading={busy !== null} disabled={size === 0 || tooBig}>
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
              {formatCount(result.size)} bytes · key {result.keyId} · {result.algorithm}
            </Text>
          </Output>
        ) : null}
      </Stack>
    </form>
  );
}

export function DecryptTab() {
  const [ciphertext, setCiphertext] = useState('');
  const [ctError, setCtError] = useState<string | null>(null);
  // The key is optional here (a symmetric ciphertext names its own), so no requireKey().
  const { keyId, setKeyId, busy, result, setResult, show } = useOperation<DecryptResult>();
  const meta = useKeyMeta(keyId);
  const { algorithms, algorithm, setAlgorithm } = useAlgorithm(meta);
  const rsa = algorithms.length > 0;
  const ctx = useContextRows();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseBase64Input(ciphertext);
    const context = rsa ? undefined : ctx.read();
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
    await show('run', async () => {
      const res = await call('kms:Decrypt', {
        CiphertextBlob: parsed.value,
        ...(keyId ? { KeyId: keyId } : {}),
        ...contextParam(context),
        ...(rsa && algorithm ? { EncryptionAlgorithm: algorithm } : {}),
      });
      const shown = decodeForDisplay(res.Plaintext);
      const size = res.Plaintext.length;
      res.Plaintext.fill(0);
      return { ...shown, keyId: res.KeyId, ...(res.KeyMaterialId ? { materialId: res.KeyMaterialId } : {}), algorithm: res.EncryptionAlgorithm, size };
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <SecretTextarea
          label="Ciphertext (base64)"
          description={`A ciphertext blob from Encrypt or a data key's encrypted copy (${formatBytes(LIMITS.ciphertextBlobMax)} max). A symmetric ciphertext names its key; an RSA ciphertext does not, so choose the key for it.`}
          value={ciphertext}
          onChange={(e) => setCiphertext(e.currentTarget.value)}
          error={ctError}
          autosize
          minRows={3}
          maxRows={10}
          className="kw-mono-area"
        />
        {rsa ? null : (
          <ContextEditor rows={ctx.rows} onChange={ctx.setRows} error={ctx.error} description="The exact pairs used when encrypting, if any." />
        )}
        <KeySelect
          label={rsa ? 'Key' : 'Key (optional for symmetric ciphertexts)'}
          description={rsa ? 'RSA ciphertexts do not name their key: KMS requires KeyId to decrypt them.' : 'Required for RSA ciphertexts. For symmetric ones, if set, Decrypt fails unless the ciphertext was made under this key.'}
          value={keyId}
          onChange={setKeyId}
          clearable
          w={520}
          maw="100%"
          keyFilter={encryptionKeys}
          kindLabel="encryption"
        />
        {rsa ? <RsaAlgorithmSelect algorithms={algorithms} value={algorithm} onChange={setAlgorithm} /> : null}
        <Group>
          <Button type="submit" leftSection={<IconLockOpen size={16} />} loading={busy !== null} disabled={ciphertext.trim() === ''}>
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
                {formatBytes(result.size)} · KeyId {result.keyId} · {result.algorithm}
                {result.materialId ? ` · KeyMaterialId ${result.materialId}` : ''}
              </Text>
            </Group>
          </Output>
        ) : null}
      </Stack>
    </form>
  );
}
