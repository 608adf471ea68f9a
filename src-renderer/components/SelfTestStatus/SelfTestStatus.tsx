import { Badge, Button, Group, List, Popover, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCircleCheck, IconRefresh, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { SelfTestStatus as SelfTestReport } from '../../../src-shared/app';
import { call } from '../../api/call';
import { toNamedError } from '../../api/errors';
import { formatDateTimeSeconds } from '../../lib/format';
import { selfTestBadge } from '../../lib/selfTest';


type State =
  | { kind: 'loading' }
  | { kind: 'ready'; report: SelfTestReport }
  | { kind: 'unknown'; error: string };

/**
 * The cryptographic self-tests (known-answer tests run before the first operation): green
 * with the time of the last passing run, red naming the first failed test. Click for all
 * results. If a test fails, every cryptographic operation is refused by the main process.
 */
export function SelfTestStatus() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setBusy(true);
    try {
      setState({ kind: 'ready', report: await call('crypto:selfTest', {}, { silent: true }) });
    } catch (e) {
      const { name, message } = toNamedError(e);
      setState({ kind: 'unknown', error: `${name}: ${message}` });
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (state.kind === 'loading') {
    return (
      <Badge variant="light" color="gray" radius="sm" tt="none">
        Self-tests…
      </Badge>
    );
  }

  const report = state.kind === 'ready' ? state.report : null;
  const { label, color, ok } = selfTestBadge(report);

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={360} withArrow>
      <Popover.Target>
        <Badge
          component="button"
          type="button"
          onClick={() => setOpened((o) => !o)}
          variant="light"
          color={color}
          radius="sm"
          tt="none"
          leftSection={ok ? <IconCircleCheck size={12} /> : <IconAlertTriangle size={12} />}
          style={{ cursor: 'pointer', border: 0 }}
          aria-label={label}
          data-testid="self-test-status"
        >
          {label}
        </Badge>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600} size="sm">Cryptographic self-tests</Text>
          {report === null ? (
            <Text size="sm" c="dimmed">{state.kind === 'unknown' ? state.error : ''}</Text>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                Known-answer tests, one per algorithm family, run before the first operation
                {ok ? '' : '. While one fails, every cryptographic operation is refused'}. Last run{' '}
                {formatDateTimeSeconds(report.At)}.
              </Text>
              <List spacing={4} size="sm" center aria-label="Self-test results">
                {report.Results.map((r) => (
                  <List.Item
                    key={r.Name}
                    icon={
                      <ThemeIcon size={18} radius="xl" variant="light" color={r.Ok ? 'teal' : 'red'}>
                        {r.Ok ? <IconCheck size={12} /> : <IconX size={12} />}
                      </ThemeIcon>
                    }
                  >
                    <Text size="sm" span ff="monospace">{r.Name}</Text>
                    {r.Error ? <Text size="xs" c="red">{r.Error}</Text> : null}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          <Group justify="flex-end">
            <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} loading={busy} onClick={() => void load()}>
              Check again
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
