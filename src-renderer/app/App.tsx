import { Center, Loader, MantineProvider, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Notifications, notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { onVaultLocked } from '../api/call';
import { VaultGate } from '../pages/VaultGate';
import { useStore } from '../stores/store';
import { Shell } from './Shell';
import { cssVariablesResolver, theme } from './theme';

/** How often vault:status is polled; idle auto-lock happens in main. */
const STATUS_POLL_MS = 30_000;

function Root() {
  const vault = useStore((s) => s.vault);
  const refreshVault = useStore((s) => s.refreshVault);
  const syncRoute = useStore((s) => s.syncRoute);

  useEffect(() => {
    void refreshVault().catch(() => undefined); // notified by call()
    const timer = window.setInterval(() => void refreshVault({ polling: true }).catch(() => undefined), STATUS_POLL_MS);
    const off = onVaultLocked(() => void refreshVault().catch(() => undefined));
    return () => {
      window.clearInterval(timer);
      off();
    };
  }, [refreshVault]);

  useEffect(() => {
    const onHash = () => syncRoute(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [syncRoute]);

  if (!vault) {
    return (
      <Center h="100vh">
        <Stack align="center" gap="xs">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Connecting to Keyward…
          </Text>
        </Stack>
      </Center>
    );
  }
  // The gate replaces the whole app when locked, so every page's component state (plaintexts,
  // data keys, passphrases) is unmounted and gone.
  if (!vault.unlocked) return <VaultGate status={vault} />;
  return <Shell />;
}

/**
 * Escape dismisses every notification at once, from anywhere (inputs included; preventDefault
 * off, so an open modal or menu still closes too). Toasts stack over the bottom-right corner
 * for up to 8 s; one key clears them instead of a close button each.
 */
export function DismissNotificationsOnEscape() {
  useHotkeys([['Escape', () => notifications.clean(), { preventDefault: false }]], []);
  return null;
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      {/* bottom-right: top-right would cover the header's Lock button */}
      <Notifications position="bottom-right" limit={5} />
      <DismissNotificationsOnEscape />
      <Root />
    </MantineProvider>
  );
}
