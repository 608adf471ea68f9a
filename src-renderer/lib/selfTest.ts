/** The header's self-test badge: text and color from a crypto:selfTest report. Pure. */
import type { SelfTestStatus } from '../../src-shared/app';
import { formatTime } from './format';

export interface SelfTestBadge {
  label: string;
  color: 'teal' | 'red' | 'gray';
  ok: boolean;
}

/** Green "Self-tests passed at hh:mm", or red "Self-test failed: <first failed test>". */
export function selfTestBadge(report: SelfTestStatus | null): SelfTestBadge {
  if (report === null) return { label: 'Self-tests: status unknown', color: 'gray', ok: false };
  if (report.Ok) return { label: `Self-tests passed at ${formatTime(report.At)}`, color: 'teal', ok: true };
  const failed = report.Results.find((r) => !r.Ok)?.Name ?? 'unknown test';
  return { label: `Self-test failed: ${failed}`, color: 'red', ok: false };
}
