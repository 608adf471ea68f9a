/**
 * Settings > Local KMS endpoint: on/off, port, state, URL, request count; access keys
 * (create with the secret shown once, list, revoke); and, for a chosen key, the environment
 * variables and `aws configure` lines to paste. The secret lives only in this component's
 * state until the user dismisses it: never in the store, never in localStorage.
 */
import {
  Alert, Badge, Button, Code, Group, Modal, NumberInput, Radio, Stack, Switch, Table, Tabs, Text, TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconKey, IconPlugConnected, IconTrash } from '@tabler/icons-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { API_PORT_MIN, type AccessKeyInfo, type ApiStatus, type CreatedAccessKey } from '../../../src-shared/app';
import { attempt, call, notifySuccess } from '../../api/call';
import { CopyValue } from '../../components/CopyValue';
import { SectionCard } from '../../components/SectionCard';
import { formatDateTime } from '../../lib/format';
import { awsConfigureLines, endpointUrlOf, envLines } from './endpointSnippets';

const POLL_MS = 3000;

function Snippet({ label, text }: { label: string; text: string }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">{label}</Text>
        <CopyValue value={text} label={label.toLowerCase()} />
      </Group>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid={`snippet-${label.toLowerCase().replace(/\W+/g, '-')}`}>{text}</Code>
    </Stack>
  );
}

function EndpointControls({ status, onStatus }: { status: ApiStatus; onStatus: (s: ApiStatus) => void }) {
  const [port, setPort] = useState<number | string>(status.Port);
  const [busy, setBusy] = useState(false);
  useEffect(() => setPort(status.Port), [status.Port]);
  const n = Number(port);
  const portError = Number.isInteger(n) && n >= API_PORT_MIN && n <= 65535 ? null : `${API_PORT_MIN} to 65535`;
  const apply = async (enabled: boolean, p?: number) => {
    setBusy(true);
    const next = await attempt(() => call('api:configure', { Enabled: enabled, ...(p !== undefined ? { Port: p } : {}) }));
    setBusy(false);
    if (next) {
      onStatus(next);
      notifySuccess(enabled ? `The KMS endpoint is listening at ${next.Url ?? ''}.` : 'The KMS endpoint is off.');
    }
  };
  const savePort = (e: FormEvent) => {
    e.preventDefault();
    if (!portError) void apply(true, n);
  };
  const state = status.Listening ? 'Listening' : status.Enabled ? 'Not listening' : 'Off';
  return (
    <Stack gap="sm">
      <Switch
        label="Serve the KMS API on this computer"
        description="AWS JSON 1.1 with Signature Version 4, on 127.0.0.1 only. Requests need an access key from below."
        checked={status.Enabled}
        disabled={busy}
        onChange={(e) => void apply(e.currentTarget.checked, n && !portError ? n : undefined)}
      />
      <Group gap="lg" align="flex-start">
        <Stack gap={2}>
          <Text size="xs" c="dimmed">State</Text>
          <Badge data-testid="endpoint-state" color={status.Listening ? 'teal' : status.Enabled ? 'orange' : 'gray'} variant="light">{state}</Badge>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">URL</Text>
          <Group gap={4}>
            <Text size="sm" ff="monospace" data-testid="endpoint-url">{endpointUrlOf(status)}</Text>
            {status.Url ? <CopyValue value={status.Url} label="endpoint URL" /> : null}
          </Group>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">Region</Text>
          <Text size="sm" ff="monospace">{status.Region}</Text>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">Requests</Text>
          <Text size="sm" ff="monospace" data-testid="endpoint-requests">{status.RequestCount.toLocaleString('en-US')}</Text>
        </Stack>
      </Group>
      {status.Source === 'flag' ? (
        <Text size="xs" c="dimmed">Started for this run by the host's --kms-endpoint-port; the switch and port here change the saved setting.</Text>
      ) : null}
      {status.Error ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} />} data-testid="endpoint-error">{status.Error}</Alert>
      ) : null}
      <form onSubmit={savePort} noValidate>
        <Group align="flex-end" gap="xs">
          <NumberInput label="Port" value={port} onChange={setPort} min={API_PORT_MIN} max={65535} allowDecimal={false} error={portError} w={140} />
          <Button type="submit" variant="default" loading={busy} disabled={!!portError || (n === status.Port && status.Listening)}>
            {status.Enabled ? 'Move to this port' : 'Start on this port'}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

function AccessKeys({ status }: { status: ApiStatus }) {
  const [keys, setKeys] = useState<AccessKeyInfo[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<CreatedAccessKey | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    const r = await call('accessKeys:list', {});
    setKeys(r.AccessKeys);
    setChosen((c) => (c && r.AccessKeys.some((k) => k.AccessKeyId === c) ? c : r.AccessKeys.at(-1)?.AccessKeyId ?? null));
  }, []);
  useEffect(() => {
    void attempt(refresh);
  }, [refresh]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const key = await attempt(() => call('accessKeys:create', description.trim() ? { Description: description.trim() } : {}));
    setBusy(false);
    if (key) {
      setCreated(key);
      setDescription('');
      setChosen(key.AccessKeyId);
      void attempt(refresh);
    }
  };
  const revoke = async (id: string) => {
    setRevoking(null);
    const done = await attempt(() => call('accessKeys:revoke', { AccessKeyId: id }));
    if (done) {
      if (created?.AccessKeyId === id) setCreated(null);
      notifySuccess(`Requests signed with ${id} are refused from now on.`, 'Access key revoked');
      void attempt(refresh);
    }
  };

  const url = endpointUrlOf(status);
  const secret = created && created.AccessKeyId === chosen ? created.SecretAccessKey : undefined;
  const input = chosen ? { accessKeyId: chosen, region: status.Region, endpointUrl: url, ...(secret !== undefined ? { secretAccessKey: secret } : {}) } : null;

  return (
    <Stack gap="sm">
      <form onSubmit={(e) => void create(e)} noValidate>
        <Group align="flex-end" gap="xs">
          <TextInput label="New access key" placeholder="What will use it, e.g. CI pipeline" value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={256} w={280} />
          <Button type="submit" leftSection={<IconKey size={16} />} loading={busy}>Create access key</Button>
        </Group>
      </form>

      {created ? (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={16} />} title="Copy the secret access key now" data-testid="new-secret">
          <Stack gap={6}>
            <Text size="sm">This is the only time Keyward shows it. Store it like a password; if it is lost, create a new key and revoke this one.</Text>
            <Group gap={4} wrap="nowrap">
              <Text size="sm" ff="monospace" fw={600}>{created.AccessKeyId}</Text>
            </Group>
            <Group gap={4} wrap="nowrap">
              <Code data-testid="new-secret-value" style={{ wordBreak: 'break-all' }}>{created.SecretAccessKey}</Code>
              <CopyValue value={created.SecretAccessKey} label="secret access key" />
            </Group>
            <Group>
              <Button size="xs" variant="light" color="yellow" onClick={() => setCreated(null)}>I have stored it, hide the secret</Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}

      {keys.length === 0 ? (
        <Text size="sm" c="dimmed">No access keys yet. Create one to let the AWS CLI, SDKs or the Encryption SDK call Keyward.</Text>
      ) : (
        <Radio.Group value={chosen} onChange={setChosen} aria-label="Access key to show settings for">
          <Table verticalSpacing={4} data-testid="access-keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={32} />
                <Table.Th>Access key ID</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((k) => (
                <Table.Tr key={k.AccessKeyId}>
                  <Table.Td><Radio value={k.AccessKeyId} aria-label={`Show settings for ${k.AccessKeyId}`} /></Table.Td>
                  <Table.Td><Text size="sm" ff="monospace">{k.AccessKeyId}</Text></Table.Td>
                  <Table.Td><Text size="sm">{k.Description || '—'}</Text></Table.Td>
                  <Table.Td><Text size="sm">{formatDateTime(k.CreatedAt)}</Text></Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant="subtle" color="red" aria-label={`Revoke ${k.AccessKeyId}`} onClick={() => setRevoking(k.AccessKeyId)}>
                      <IconTrash size={14} />
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Radio.Group>
      )}

      {input ? (
        <Tabs defaultValue="env" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="env">Environment variables</Tabs.Tab>
            <Tabs.Tab value="configure">aws configure</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="env" pt="xs">
            <Snippet label="Environment" text={envLines(input)} />
          </Tabs.Panel>
          <Tabs.Panel value="configure" pt="xs">
            <Snippet label="AWS CLI profile" text={awsConfigureLines(input)} />
          </Tabs.Panel>
        </Tabs>
      ) : null}
      {input && secret === undefined ? (
        <Text size="xs" c="dimmed">The secret is shown only when a key is created. AWS_ENDPOINT_URL_KMS and endpoint_url need AWS CLI 2.13 or later; older versions take --endpoint-url.</Text>
      ) : null}

      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke access key?" centered>
        <Stack gap="sm">
          <Text size="sm">Requests signed with <Text span ff="monospace">{revoking}</Text> will be refused at once. This cannot be undone.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>Cancel</Button>
            <Button color="red" onClick={() => revoking && void revoke(revoking)}>Revoke</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** The local KMS endpoint and its access keys. Needs an unlocked vault. */
export function KmsEndpointSection() {
  const [status, setStatus] = useState<ApiStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const poll = async () => {
      const s = await call('api:status', {}, { notificationId: 'api-status-poll' }).catch(() => null);
      if (alive && s) setStatus(s);
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  if (!status) return null;
  return (
    <>
      <SectionCard title="Local KMS endpoint" actions={<IconPlugConnected size={16} opacity={0.6} />}>
        <EndpointControls status={status} onStatus={setStatus} />
      </SectionCard>
      <SectionCard title="Access keys">
        <AccessKeys status={status} />
      </SectionCard>
    </>
  );
}
