// @vitest-environment happy-dom
/** The audit page's view of an integrity failure found when the audit log was opened. */
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IntegrityProblem } from '../../../src-shared/app';
import { renderUi } from '../../test/kit';
import { IntegrityAlerts } from './IntegrityAlerts';

const audit: IntegrityProblem = { subject: 'audit', message: 'The audit log failed its integrity check when Keyward opened it at record 7.', advice: 'Run Verify chain.', firstBadSeq: 7 };
const vault: IntegrityProblem = { subject: 'vault', message: 'damaged', advice: 'Restore a backup.' };

describe('IntegrityAlerts', () => {
  afterEach(cleanup);

  it('shows each problem with what to do; `subject` keeps one kind', () => {
    renderUi(<IntegrityAlerts problems={[vault, audit]} subject="audit" />);
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.textContent).toContain('The audit log failed its integrity check');
    expect(alerts[0]!.textContent).toContain('at record 7');
    expect(alerts[0]!.textContent).toContain('What you can do: Run Verify chain.');
  });

  it('renders nothing without problems', () => {
    renderUi(<IntegrityAlerts problems={undefined} />);
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });
});
