/**
 * Verify the audit chain from the Audit page: audit:verify walks the chain in the main
 * process's worker thread, and audit:verifyProgress is polled meanwhile for a progress bar
 * (records checked of the total).
 */
import { Progress, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditVerifyProgress, AuditVerifyResult } from '../../../src-shared/audit';
import { call } from '../../api/call';
import { formatCount } from '../../lib/format';

/** Milliseconds between progress polls. */
const POLL_MS = 250;

/** The verify action, its result and its progress while it runs. */
export function useVerifyChain(): {
  verify: AuditVerifyResult | null;
  verifying: boolean;
  progress: AuditVerifyProgress | null;
  runVerify: () => Promise<void>;
} {
  const [verify, setVerify] = useState<AuditVerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [progress, setProgress] = useState<AuditVerifyProgress | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!verifying) return undefined;
    const timer = setInterval(() => {
      call('audit:verifyProgress', {}).then(
        (p) => {
          if (mounted.current && p.running) setProgress(p);
        },
        () => undefined, // a missed poll only delays the bar
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [verifying]);

  const runVerify = useCallback(async () => {
    setVerifying(true);
    setProgress(null);
    try {
      const result = await call('audit:verify', {});
      if (mounted.current) setVerify(result);
    } catch {
      if (mounted.current) setVerify(null);
    } finally {
      if (mounted.current) {
        setVerifying(false);
        setProgress(null);
      }
    }
  }, []);

  return { verify, verifying, progress, runVerify };
}

/** The bar shown while a verify runs: records checked of the total. */
export function VerifyProgressBar({ progress }: { progress: AuditVerifyProgress | null }) {
  const pct = progress && progress.total > 0 ? Math.min(100, (progress.checked / progress.total) * 100) : 0;
  return (
    <Stack gap={4} mb="md" data-testid="verify-progress">
      <Text size="sm" c="dimmed">
        {progress ? `Verifying the chain: ${formatCount(progress.checked)} of ${formatCount(progress.total)} records checked` : 'Verifying the chain…'}
      </Text>
      <Progress value={pct} size="sm" animated={!progress} striped={!progress} aria-label="Audit chain verification progress" />
    </Stack>
  );
}
