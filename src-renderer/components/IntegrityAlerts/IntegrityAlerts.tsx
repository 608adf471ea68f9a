import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { IntegrityProblem } from '../../../src-shared/app';

const TITLES: Record<IntegrityProblem['subject'], string> = {
  vault: 'The vault file failed its integrity check',
  audit: 'The audit log failed its integrity check',
};

/**
 * The integrity failures vault:status reports (the vault file, the audit log when it was
 * opened): what was found and what the user can do. `subject` shows one kind only.
 */
export function IntegrityAlerts({ problems, subject }: { problems: readonly IntegrityProblem[] | undefined; subject?: IntegrityProblem['subject'] }) {
  const shown = (problems ?? []).filter((p) => subject === undefined || p.subject === subject);
  if (shown.length === 0) return null;
  return (
    <Stack gap="xs">
      {shown.map((p) => (
        <Alert key={p.subject} role="alert" color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={TITLES[p.subject]}>
          <Text size="sm" style={{ wordBreak: 'break-word' }}>{p.message}</Text>
          <Text size="sm" mt={6}>
            <Text span fw={600} size="sm">What you can do: </Text>
            {p.advice}
          </Text>
        </Alert>
      ))}
    </Stack>
  );
}
