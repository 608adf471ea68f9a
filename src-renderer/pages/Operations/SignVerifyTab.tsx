import { Button, FileInput, Group, SegmentedControl, Stack, Switch, Text } from '@mantine/core';
import { SecretTextarea } from '../../components/SecretField';
import { IconCircleCheck, IconFile, IconSignature, IconTrash } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { SIGNING_ALGORITHM_INFO, algorithmsFor } from '../../../src-shared/kms/catalogue';
import { LIMITS, type MessageType, type SigningAlgorithmSpec } from '../../../src-shared/kms/enums';
import type { KeyMetadata } from '../../../src-shared/kms/types';
import { call, shownMessage } from '../../api/call';
import { toNamedError } from '../../api/errors';
import { CopyTextarea } from '../../components/CopyTextarea';
import { KeySelect } from '../../components/KeySelect';
import { bytesToBase64, bytesToHex, parseBase64Input, utf8Bytes, utf8Length } from '../../lib/bytes';
import { digest, planMessage, RAW_MESSAGE_MAX } from '../../lib/digest';
import { formatBytes, formatCount } from '../../lib/format';
import { usageKeys } from '../../lib/keys';
import { AlgorithmSelect, useAlgorithmChoice, useKeyMeta, type Verdict, VerdictAlert } from './parts';
import { useOperation } from './useOperation';

const signingKeys = usageKeys('SIGN_VERIFY');
/** Files are read into memory to hash them; beyond this, hash them outside the app. */
const FILE_MAX = 512 * 1024 * 1024;

function signingAlgorithms(meta: KeyMetadata | undefined): SigningAlgorithmSpec[] {
  if (!meta) return [];
  return meta.SigningAlgorithms?.length ? meta.SigningAlgorithms : algorithmsFor(meta.KeySpec, meta.KeyUsage).SigningAlgorithms ?? [];
}

interface Prepared {
  Message: Uint8Array<ArrayBuffer>;
  MessageType: MessageType;
  /** What was sent, in words. */
  description: string;
  digestHex?: string;
}

type Source = 'text' | 'file';

export function SignVerifyTab() {
  const { keyId, setKeyId, keyError, requireKey, busy, run } = useOperation<never, 'sign' | 'verify'>();
  const meta = useKeyMeta(keyId);
  const algorithms = signingAlgorithms(meta);
  const [algorithm, setAlgorithm] = useAlgorithmChoice(algorithms);
  const [source, setSource] = useState<Source>('text');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [wantDigest, setWantDigest] = useState(false);
  const [signature, setSignature] = useState('');
  const [sigError, setSigError] = useState<string | null>(null);
  const [messageError, setMessageError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ description: string; digestHex?: string; algorithm: string; keyId: string; size: number } | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);

  // Anything that changes what is verified clears the last verdict.
  useEffect(() => setVerdict(null), [keyId, algorithm, source, text, file, wantDigest, signature]);

  const info = algorithm ? SIGNING_ALGORITHM_INFO[algorithm] : undefined;
  const accepted = info?.messageTypes ?? [];
  const canChoose = accepted.includes('RAW') && accepted.includes('DIGEST');
  const size = source === 'text' ? utf8Length(text) : file?.size ?? 0;

  const prepare = async (): Promise<Prepared | null> => {
    if (!algorithm) return null;
    if (source === 'file' && !file) {
      setMessageError('Choose a file');
      return null;
    }
    if (source === 'file' && file && file.size > FILE_MAX) {
      setMessageError(`The file is larger than ${formatBytes(FILE_MAX)}; hash it outside the app and sign the digest`);
      return null;
    }
    const plan = planMessage({ algorithm, accepted, source, size, wantDigest });
    if (!plan.ok) {
      setMessageError(plan.error);
      return null;
    }
    setMessageError(null);
    const bytes = source === 'text' || !file ? utf8Bytes(text) : new Uint8Array(await file.arrayBuffer());
    if (plan.messageType === 'RAW') {
      return { Message: bytes, MessageType: 'RAW', description: `the message itself (${formatBytes(bytes.length)}, MessageType RAW)` };
    }
    const d = await digest(plan.hash, bytes);
    return {
      Message: d,
      MessageType: 'DIGEST',
      description: `the ${plan.hash} digest (${d.length} bytes) of ${formatBytes(bytes.length)}, computed here (MessageType DIGEST)`,
      digestHex: bytesToHex(d),
    };
  };

  const sign = async (e: FormEvent) => {
    e.preventDefault();
    const key = requireKey();
    if (!key || !algorithm) return;
    await run('sign', async () => {
      const msg = await prepare();
      if (!msg) return;
      const res = await call('kms:Sign', { KeyId: key, Message: msg.Message, MessageType: msg.MessageType, SigningAlgorithm: algorithm });
      setSignature(bytesToBase64(res.Signature));
      setSigError(null);
      setSent({ description: msg.description, ...(msg.digestHex ? { digestHex: msg.digestHex } : {}), algorithm: res.SigningAlgorithm, keyId: res.KeyId, size: res.Signature.length });
    });
  };

  const verify = async () => {
    const key = requireKey();
    const sig = parseBase64Input(signature);
    if (!sig.ok) setSigError(sig.error);
    else if (sig.value.length > LIMITS.signatureMax) setSigError(`Too long: at most ${formatBytes(LIMITS.signatureMax)}`);
    else setSigError(null);
    if (!key || !algorithm || !sig.ok || sig.value.length > LIMITS.signatureMax) return;
    await run('verify', async () => {
      const msg = await prepare();
      if (!msg) return;
      try {
        const res = await call('kms:Verify', { KeyId: key, Message: msg.Message, MessageType: msg.MessageType, Signature: sig.value, SigningAlgorithm: algorithm });
        setVerdict({ valid: res.SignatureValid, text: `Valid ${res.SigningAlgorithm} signature by ${res.KeyId} over ${msg.description}.` });
      } catch (err) {
        // Notified by call(); a bad signature is an answer, so show it here too.
        if (toNamedError(err).name === 'KMSInvalidSignatureException') setVerdict({ valid: false, text: shownMessage(err) });
      }
    });
  };

  return (
    <form onSubmit={(e) => void sign(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed" maw={760}>
          Sign a message or file with an asymmetric key; anyone with its public key can verify. Files are hashed here
          (SHA-2 with WebCrypto) and only the digest is sent, so a file of any size stays on this machine.
        </Text>
        <Group align="flex-start" gap="sm">
          <KeySelect value={keyId} onChange={setKeyId} error={keyError} w={520} maw="100%" keyFilter={signingKeys} kindLabel="signing" />
          <AlgorithmSelect label="Signing algorithm" algorithms={algorithms} value={algorithm} onChange={setAlgorithm} placeholder={keyId ? undefined : 'Choose a key first'} w={320} />
        </Group>
        {info ? <Text size="xs" c="dimmed" mt={-6}>{algorithm}: {info.summary}</Text> : null}
        <SegmentedControl<Source>
          w={240}
          size="xs"
          value={source}
          onChange={setSource}
          data={[{ value: 'text', label: 'Text message' }, { value: 'file', label: 'File' }]}
          aria-label="Message source"
        />
        {source === 'text' ? (
          <SecretTextarea
            label="Message"
            description={`${formatCount(size)} bytes (UTF-8). RAW messages: at most ${formatCount(RAW_MESSAGE_MAX)} bytes; longer ones are hashed here.`}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={messageError}
            autosize
            minRows={3}
            maxRows={10}
            className="kw-mono-area"
          />
        ) : (
          <FileInput
            label="File"
            description="Read and hashed in this window; the file itself is never sent."
            placeholder="Choose a file"
            leftSection={<IconFile size={16} />}
            value={file}
            onChange={setFile}
            error={messageError}
            clearable
            w={520}
            maw="100%"
          />
        )}
        {source === 'text' && canChoose ? (
          <Switch
            label="Hash locally and send the digest (MessageType DIGEST)"
            description={info ? `${info.hash} of the message, computed here; KMS signs the ${info.digestBytes}-byte digest.` : undefined}
            checked={wantDigest}
            onChange={(e) => setWantDigest(e.currentTarget.checked)}
          />
        ) : info ? (
          <Text size="xs" c="dimmed">
            {algorithm} accepts MessageType {accepted.filter((t) => t !== 'EXTERNAL_MU').join(' or ')}
            {accepted.includes('DIGEST') ? ` (a ${info.hash} digest of ${info.digestBytes} bytes)` : ''}.
          </Text>
        ) : null}
        <Group>
          <Button type="submit" leftSection={<IconSignature size={16} />} loading={busy === 'sign'} disabled={busy !== null || !algorithm || size === 0}>
            Sign
          </Button>
          <Button variant="default" leftSection={<IconCircleCheck size={16} />} loading={busy === 'verify'} disabled={busy !== null || !algorithm || size === 0 || signature.trim() === ''} onClick={() => void verify()}>
            Verify
          </Button>
          {signature || sent ? (
            <Button variant="subtle" color="gray" leftSection={<IconTrash size={16} />} onClick={() => { setSignature(''); setSent(null); setVerdict(null); }}>
              Clear
            </Button>
          ) : null}
        </Group>
        <CopyTextarea
          label="Signature (base64)"
          copyLabel="signature"
          description="Filled in by Sign; paste a signature here to verify it."
          value={signature}
          onChange={(e) => setSignature(e.currentTarget.value)}
          error={sigError}
          minRows={2}
          maxRows={8}
        />
        {sent ? (
          <Text size="xs" c="dimmed">
            Signed {sent.description} · {sent.algorithm} · {formatBytes(sent.size)} signature · key {sent.keyId}
            {sent.digestHex ? (
              <>
                <br />
                Digest <Text span ff="monospace" size="xs">{sent.digestHex}</Text>
              </>
            ) : null}
          </Text>
        ) : null}
        {verdict ? <VerdictAlert verdict={verdict} subject="Signature" exception="KMSInvalidSignatureException" testId="verify-result" /> : null}
      </Stack>
    </form>
  );
}
