// @vitest-environment happy-dom
/**
 * The Keys page: one console:listKeys call per view (it used to make ListKeys, ListAliases and
 * three calls per key, 2,822 audited calls for 1,020 keys), a virtualised table that renders
 * the rows in view only, debounced search, sortable headers and keyboard navigation; customer
 * managed and AWS managed keys apart, as the AWS KMS console lists them
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key).
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleKeyRow } from '../../../src-shared/console';
import { fakeApi, renderUi, resetStore, testApi } from '../../test/kit';
import { useStore } from '../../stores/store';
import { KeysPage } from './KeysPage';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const ARN = 'arn:aws:kms:us-east-1:111122223333';

function row(keyId: string, patch: Partial<ConsoleKeyRow> = {}): ConsoleKeyRow {
  return {
    KeyId: keyId, Arn: `${ARN}:key/${keyId}`, Aliases: [], Description: '', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT',
    KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', CreationDate: new Date('2026-01-02T03:04:05Z'),
    Rotation: 'DISABLED', Tags: [], ...patch,
  };
}

/** A main side that answers console:listKeys over `rows` (manager, search, alias sort, paging), and nothing else. */
function consoleApi(rows: ConsoleKeyRow[]) {
  return fakeApi({
    'console:listKeys': (req) => {
      const manager = req.KeyManager ?? 'CUSTOMER';
      const q = (req.Search ?? '').toLowerCase();
      let all = rows.filter((r) => r.KeyManager === manager && (q === '' || [r.KeyId, r.Description, ...r.Aliases].some((s) => s.toLowerCase().includes(q))));
      const sign = req.SortOrder === 'desc' ? -1 : 1;
      const byAlias = (a: ConsoleKeyRow, b: ConsoleKeyRow) => {
        const [x, y] = [a.Aliases[0], b.Aliases[0]];
        return x === undefined || y === undefined ? (x === y ? 0 : x === undefined ? 1 : -1) : sign * (x < y ? -1 : x > y ? 1 : 0);
      };
      if (req.SortBy === 'alias') all = [...all].sort(byAlias);
      const offset = req.Offset ?? 0;
      const totals = { CUSTOMER: rows.filter((r) => r.KeyManager === 'CUSTOMER').length, AWS: rows.filter((r) => r.KeyManager === 'AWS').length };
      return { Rows: all.slice(offset, offset + (req.Limit ?? 100)), Offset: offset, Matched: all.length, Totals: totals };
    },
  });
}

const many = (n: number) => Array.from({ length: n }, (_, i) => row(`key-${String(i).padStart(5, '0')}`, { Aliases: [`alias/k${i}`], Description: i % 2 ? 'payroll' : 'ledger' }));

describe('KeysPage', () => {
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  it('makes one call for a visit to 1,020 keys, and renders only the rows in view', async () => {
    const api = consoleApi(many(1020));
    testApi.current = api;
    renderUi(<KeysPage />);
    const table = await screen.findByRole('table', { name: 'Keys' });
    expect(await within(table).findByText('alias/k0')).toBeTruthy();
    expect(api.channels()).toEqual(['console:listKeys']);
    expect(api.channels().some((c) => c.startsWith('kms:'))).toBe(false);
    expect(table.getAttribute('aria-rowcount')).toBe('1021');
    const rendered = within(table).getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);
    expect(screen.getByTestId('keys-count').textContent).toBe('1,020 of 1,020 keys');
  });

  it('lists customer managed keys first; the AWS managed tab lists alias/aws/* keys without a Create button', async () => {
    testApi.current = consoleApi([
      row('mine', { Aliases: ['alias/payroll'], Description: 'payroll' }),
      row('awskey', { KeyManager: 'AWS', Aliases: ['alias/aws/s3'], Description: 'Default key that protects my S3 objects when no other key is defined' }),
    ]);
    renderUi(<KeysPage />);
    const table = await screen.findByRole('table', { name: 'Keys' });
    expect(await within(table).findByText('alias/payroll')).toBeTruthy();
    expect(within(table).queryByText('alias/aws/s3')).toBeNull();
    expect(screen.getByRole('button', { name: 'Create key' })).toBeTruthy();
    expect(screen.getByText('1 of 1 key')).toBeTruthy();

    fireEvent.click(screen.getByText('AWS managed keys'));
    expect(await within(await screen.findByRole('table', { name: 'Keys' })).findByText('alias/aws/s3')).toBeTruthy();
    expect(screen.queryByText('alias/payroll')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create key' })).toBeNull();
    expect(screen.getByText('1 of 1 AWS managed key')).toBeTruthy();
  });

  it('says how AWS managed keys come to exist when there is none yet', async () => {
    testApi.current = consoleApi([row('mine', { Aliases: ['alias/payroll'] })]);
    renderUi(<KeysPage />);
    expect(await screen.findByText('alias/payroll')).toBeTruthy();
    fireEvent.click(screen.getByText('AWS managed keys'));
    expect(await screen.findByText('No AWS managed keys yet')).toBeTruthy();
  });

  it('sends a burst of keystrokes as one search, and offers to clear it when nothing matches', async () => {
    const api = consoleApi(many(30));
    testApi.current = api;
    renderUi(<KeysPage />);
    await screen.findByText('alias/k0');
    const input = screen.getByLabelText('Search keys');
    for (const v of ['p', 'pa', 'pay']) fireEvent.change(input, { target: { value: v } });
    await waitFor(() => expect(screen.getByTestId('keys-count').textContent).toBe('15 of 30 keys'));
    expect(api.calls.map((c) => c.request)).toMatchObject([{ Offset: 0 }, { Search: 'pay', Offset: 0 }]);
    fireEvent.change(input, { target: { value: 'zzz' } });
    expect(await screen.findByText('No keys match')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    expect(await screen.findByText('alias/k0')).toBeTruthy();
    expect((input as HTMLInputElement).value).toBe('');
  });

  it('sorts on a header click, ascending then descending', async () => {
    const api = consoleApi([row('a', { Aliases: ['alias/b'] }), row('b', { Aliases: ['alias/a'] }), row('c')]);
    testApi.current = api;
    renderUi(<KeysPage />);
    await screen.findByText('alias/b');
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Alias' }));
    await waitFor(() => expect(screen.getAllByRole('row').slice(1).map((r) => r.getAttribute('data-key-id'))).toEqual(['b', 'a', 'c']));
    expect(screen.getAllByRole('columnheader')[0]!.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Alias' }));
    await waitFor(() => expect(screen.getAllByRole('row')[1]!.getAttribute('data-key-id')).toBe('a'));
    expect(api.calls.at(-1)?.request).toMatchObject({ SortBy: 'alias', SortOrder: 'desc' });
  });

  it('moves between rows with the arrow keys and opens one with Enter', async () => {
    testApi.current = consoleApi(many(5));
    renderUi(<KeysPage />);
    await screen.findByText('alias/k0');
    const rows = () => screen.getAllByRole('row').slice(1);
    expect(rows()[0]!.tabIndex).toBe(0);
    expect(rows()[1]!.tabIndex).toBe(-1);
    fireEvent.keyDown(rows()[0]!, { key: 'ArrowDown' });
    fireEvent.keyDown(rows()[1]!, { key: 'ArrowDown' });
    await waitFor(() => expect(rows()[2]!.tabIndex).toBe(0));
    fireEvent.keyDown(rows()[2]!, { key: 'Enter' });
    expect(useStore.getState().route).toEqual({ page: 'key', keyId: 'key-00002' });
  });

  it('shows the rows it had and a progress bar while a new view loads', async () => {
    let release: () => void = () => {};
    const api = consoleApi(many(3));
    testApi.current = {
      invoke: async (c, r) => {
        if (api.calls.length > 0) await new Promise<void>((res) => { release = res; });
        return api.invoke(c, r);
      },
    };
    renderUi(<KeysPage />);
    await screen.findByText('alias/k0');
    act(() => void useStore.getState().setKeyQuery({ search: 'k1' }));
    const table = screen.getByRole('table', { name: 'Keys' });
    await waitFor(() => expect(table.getAttribute('aria-busy')).toBe('true'));
    expect(screen.getByText('alias/k2')).toBeTruthy();
    act(() => release());
    await waitFor(() => expect(screen.queryByText('alias/k2')).toBeNull());
    expect(table.getAttribute('aria-busy')).toBe('false');
  });
});
