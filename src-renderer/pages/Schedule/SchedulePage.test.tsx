// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderUi, resetStore, testApi } from '../../test/kit';
import { SchedulePage } from './SchedulePage';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

describe('SchedulePage: why scheduled actions wait', () => {
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  it('shows that due actions wait for a writable audit log, and why', async () => {
    testApi.current = fakeApi({
      'schedule:upcoming': () => ({
        Events: [],
        Waiting: {
          Since: new Date('2026-01-01T00:00:00Z'),
          Reason: 'AuditWriteException: The audit record could not be written (ENOSPC); the operation was refused.',
          Attempts: 2,
          RetryAt: new Date('2026-01-01T00:00:04Z'),
        },
      }),
    });
    renderUi(<SchedulePage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Scheduled actions are waiting');
    expect(alert.textContent).toContain('ENOSPC');
    expect(alert.textContent).toContain('Nothing has been applied');
  });

  it('shows no warning while the scheduler is not waiting', async () => {
    testApi.current = fakeApi({ 'schedule:upcoming': () => ({ Events: [] }) });
    renderUi(<SchedulePage />);
    expect(await screen.findByText(/Nothing scheduled/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
