// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditBreak } from '../../../src-shared/audit';
import { fakeApi, renderUi, resetStore, testApi } from '../../test/kit';
import { AuditBreaks } from './AuditBreaks';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const BREAK: AuditBreak = {
  id: 'b-1', key: 'digest:4', seq: 3, detectedAt: '2026-11-29T20:00:00.000Z',
  reason: 'records 3 to 12 are missing from the end of the log (digest #4 vouches for the log up to record 12)',
};

describe('AuditBreaks: a break stays shown until a person acknowledges it', () => {
  beforeEach(() => resetStore());
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('shows the break and acknowledges it only after the confirmation', async () => {
    const api = fakeApi({ 'audit:acknowledgeBreak': () => ({ Acknowledged: { ...BREAK, acknowledgedAt: '2026-11-29T21:00:00.000Z' }, OpenBreaks: [] }) });
    testApi.current = api;
    const onChanged = vi.fn<() => void>();
    renderUi(<AuditBreaks breaks={[BREAK]} onChanged={onChanged} />);
    expect(screen.getByText(/records 3 to 12 are missing from the end of the log/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge…' }));
    expect(api.calls).toHaveLength(0); // nothing happens before the confirmation
    fireEvent.click(await screen.findByRole('button', { name: 'Acknowledge break' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.calls).toEqual([{ channel: 'audit:acknowledgeBreak', request: { Id: 'b-1' } }]);
  });

  it('cancel leaves the break open', async () => {
    const api = fakeApi({});
    testApi.current = api;
    renderUi(<AuditBreaks breaks={[BREAK]} onChanged={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(api.calls).toHaveLength(0);
  });

  it('renders nothing without breaks', () => {
    renderUi(<AuditBreaks breaks={[]} onChanged={() => {}} />);
    expect(screen.queryByLabelText('Audit breaks')).toBeNull();
  });
});
