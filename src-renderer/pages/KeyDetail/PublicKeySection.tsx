import { Alert, Group, Loader, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { KeyUsage } from '../../../src-shared/kms/enums';
import type { KeyMetadata } from '../../../src-shared/kms/types';
import { call } from '../../api/call';
import { toNamedError } from '../../api/errors';
import { PemBlock } from '../../components/PemBlock';
import { SectionCard } from '../../components/SectionCard';
import { formatBytes } from '../../lib/format';
import { derToPem, pemFileName } from '../../lib/pem';

/** What someone holding only the public key can do with it. */
const PUBLIC_USE: Partial<Record<KeyUsage, string>> = {
  SIGN_VERIFY: 'Share it: anyone can verify this key\'s signatures offline (e.g. openssl dgst -verify), without calling Keyward.',
  ENCRYPT_DECRYPT: 'Share it: anyone can encrypt to this key offline with RSA-OAEP; only Keyward can decrypt.',
  KEY_AGREEMENT: 'Give it to the peer: they combine it with their private key to derive the same shared secret.',
  ENCAPSULATE_DECAPSULATE: 'Give it to the sender: they encapsulate a shared secret to it; only Keyward can decapsulate.',
};

type State = { kind: 'loading' } | { kind: 'ready'; pem: string; size: number } | { kind: 'error'; name: string; message: string };

/** The key's public key (kms:GetPublicKey, DER SubjectPublicKeyInfo) as PEM, with copy and download. */
export function PublicKeySection({ meta, name }: { meta: KeyMetadata; name: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    call('kms:GetPublicKey', { KeyId: meta.KeyId }, { silent: true }).then(
      (res) => live && setState({ kind: 'ready', pem: derToPem(res.PublicKey, 'PUBLIC KEY'), size: res.PublicKey.length }),
      (e: unknown) => live && setState({ kind: 'error', ...toNamedError(e) }),
    );
    return () => {
      live = false;
    };
  }, [meta.KeyId, meta.KeyState]);

  return (
    <SectionCard title="Public key">
      {state.kind === 'loading' ? (
        <Group gap="xs"><Loader size="xs" /><Text size="sm" c="dimmed">Reading the public key…</Text></Group>
      ) : state.kind === 'error' ? (
        <Alert color="orange" variant="light" icon={<IconAlertCircle size={18} />} title={state.name}>
          {state.message}
        </Alert>
      ) : (
        <PemBlock label="Public key (PEM, SubjectPublicKeyInfo)" pem={state.pem} fileName={pemFileName(name)} copyLabel="public key">
          <Text size="xs" c="dimmed">
            {formatBytes(state.size)} DER. {PUBLIC_USE[meta.KeyUsage] ?? ''}
          </Text>
        </PemBlock>
      )}
    </SectionCard>
  );
}
