import { Button, Group, Stack, Text } from '@mantine/core';
import { SecretTextarea } from '../../components/SecretField';
import { IconCircleCheck, IconFingerprint, IconTrash } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { MAC_ALGORITHM_INFO, algorithmsFor } from '../../../src-shared/kms/catalogue';
import { LIMITS, type MacAlgorithmSpec } from '../../../src-shared/kms/enums';
import type { KeyMetadata } from '../../../src-shared/kms/types';
import { call, shownMessage } from '../../api/call';
import { toNamedError } from '../../api/errors';
import { CopyTextarea } from '../../components/CopyTextarea';
import { KeySelect } from '../../components/KeySelect';
import { bytesToBase64, parseBase64Input, utf8Bytes, utf8Length } from '../../lib/bytes';
import { formatBytes, formatCount } from '../../lib/format';
import { usageKeys } from '../../lib/keys';
import { AlgorithmSelect, useAlgorithmChoice, useKeyMeta, type Verdict, VerdictAlert } from './parts';
import { useOperation } from './useOperation';

const macKeys = usageKeys('GENERATE_VERIFY_MAC');

function macAlgorithms(meta: KeyMetadata | undefined): MacAlgorithmSpec[] {
  if (!meta) return [];
  return meta.MacAlgorithms?.length ? meta.MacAlgorithms : algorithmsFor(meta.KeySpec, meta.KeyUsage).MacAlgorithms ?? [];
}

/** GenerateMac and VerifyMac with an HMAC key. */
export function MacTab() {
  const { keyId, setKeyId, keyError, requireKey, busy, run } = useOperation<never, 'generate' | 'verify'>();
  const meta = useKeyMeta(keyId);
  const algorithms = macAlgorithms(meta);
  const [algorithm, setAlgorithm] = useAlgorithmChoice(algorithms);
  const [message, setMessage] = useState('');
  const [mac, setMac] = useState('');
  const [macError, setMacError] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const size = utf8Length(message);
  const tooBig = size > LIMITS.messageMax;

  useEffect(() => setVerdict(null), [keyId, algorithm, message, mac]);

  const generate = async (e: FormEvent) => {
    e.preventDefault();
    const key = requireKey();
    if (!key || !algorithm || size === 0 || tooBig) return;
    const res = await run('generate', () => call('kms:GenerateMac', { KeyId: key, Message: utf8Bytes(message), MacAlgorithm: algorithm }));
    if (res) {
      setMac(bytesToBase64(res.Mac));
      setMacError(null);
    }
  };

  const verify = async () => {
    const key = requireKey();
    const parsed = parseBase64Input(mac);
    setMacError(parsed.ok ? null : parsed.error);
    if (!key || !algorithm || !parsed.ok || size === 0 || tooBig) return;
    await run('verify', async () => {
      try {
        const res = await call('kms:VerifyMac', { KeyId: key, Message: utf8Bytes(message), MacAlgorithm: algorithm, Mac: parsed.value });
        setVerdict({ valid: res.MacValid, text: `Valid ${res.MacAlgorithm} MAC under ${res.KeyId}.` });
      } catch (err) {
        // Notified by call(); an invalid MAC is an answer, so show it here too.
        if (toNamedError(err).name === 'KMSInvalidMacException') setVerdict({ valid: false, text: shownMessage(err) });
      }
    });
  };

  return (
    <form onSubmit={(e) => void generate(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed" maw={760}>
          An HMAC proves a message came from a holder of the key and was not changed. Unlike a signature, only someone
          with the same key (here: Keyward) can check it.
        </Text>
        <Group align="flex-start" gap="sm">
          <KeySelect value={keyId} onChange={setKeyId} error={keyError} w={520} maw="100%" keyFilter={macKeys} kindLabel="HMAC" />
          <AlgorithmSelect label="MAC algorithm" algorithms={algorithms} value={algorithm} onChange={setAlgorithm} placeholder={keyId ? undefined : 'Choose a key first'} w={260} />
        </Group>
        <SecretTextarea
          label="Message"
          description={`${formatCount(size)} / ${formatBytes(LIMITS.messageMax)} max (UTF-8)`}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          error={tooBig ? `Too long: ${formatBytes(size)}; at most ${formatBytes(LIMITS.messageMax)}` : null}
          autosize
          minRows={3}
          maxRows={10}
          className="kw-mono-area"
        />
        <Group>
          <Button type="submit" leftSection={<IconFingerprint size={16} />} loading={busy === 'generate'} disabled={busy !== null || !algorithm || size === 0 || tooBig}>
            Generate MAC
          </Button>
          <Button variant="default" leftSection={<IconCircleCheck size={16} />} loading={busy === 'verify'} disabled={busy !== null || !algorithm || size === 0 || tooBig || mac.trim() === ''} onClick={() => void verify()}>
            Verify MAC
          </Button>
          {mac ? (
            <Button variant="subtle" color="gray" leftSection={<IconTrash size={16} />} onClick={() => { setMac(''); setVerdict(null); }}>
              Clear
            </Button>
          ) : null}
        </Group>
        <CopyTextarea
          label="MAC (base64)"
          copyLabel="MAC"
          description={`Filled in by Generate MAC; paste a MAC here to verify it.${algorithm ? ` ${algorithm} MACs are ${MAC_ALGORITHM_INFO[algorithm].macBytes} bytes.` : ''}`}
          value={mac}
          onChange={(e) => setMac(e.currentTarget.value)}
          error={macError}
          minRows={2}
          maxRows={6}
        />
        {verdict ? <VerdictAlert verdict={verdict} subject="MAC" exception="KMSInvalidMacException" testId="mac-result" /> : null}
      </Stack>
    </form>
  );
}
