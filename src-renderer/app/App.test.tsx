// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DismissNotificationsOnEscape } from './App';

describe('Escape dismisses every notification', () => {
  it('clears all open notifications, also when focus is in an input', async () => {
    render(
      <MantineProvider>
        <Notifications />
        <DismissNotificationsOnEscape />
        <input aria-label="field" />
      </MantineProvider>,
    );
    act(() => {
      notifications.show({ title: 'DisabledException', message: 'one', autoClose: false });
      notifications.show({ title: 'Done', message: 'two', autoClose: false });
    });
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
    fireEvent.keyDown(screen.getByLabelText('field'), { key: 'Escape', code: 'Escape' });
    await waitFor(() => expect(screen.queryAllByRole('alert')).toHaveLength(0));
  });
});
