import { Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';

/** Seconds since `busy` turned on. */
function useElapsed(busy: boolean): number {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (!busy) return undefined;
    const start = Date.now();
    setElapsed(0);
    const timer = window.setInterval(() => setElapsed((Date.now() - start) / 1000), 200);
    return () => window.clearInterval(timer);
  }, [busy]);
  return elapsed;
}

export interface ElapsedProgressProps {
  busy: boolean;
  /** Accessible name of the progress bar, e.g. "Creating key". */
  label: string;
  /** Show as soon as busy (a step known to be slow), not only after 0.3 s. @default false */
  immediate?: boolean;
  /** What is going on, e.g. "Generating the RSA_4096 key pair"; followed by "… 1.2 s". */
  children: ReactNode;
}

/** An indeterminate progress line with the seconds spent, for a slow step in the main process. */
export function ElapsedProgress({ busy, label, immediate = false, children }: ElapsedProgressProps) {
  const elapsed = useElapsed(busy);
  if (!busy || !(elapsed >= 0.3 || immediate)) return null;
  return (
    <Stack gap={4} aria-live="polite">
      <Progress value={100} striped animated size="sm" aria-label={label} />
      <Text size="xs" c="dimmed">
        {children}… {elapsed.toFixed(1)} s
      </Text>
    </Stack>
  );
}
