import {
  ActionIcon, AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, Tooltip,
  useComputedColorScheme, useMantineColorScheme,
} from '@mantine/core';
import {
  IconCalendarTime, IconClockHour4, IconCoin, IconKey, IconListSearch, IconLock, IconMoon, IconSettings,
  IconShieldLock, IconSun, IconTransform,
} from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { attempt } from '../api/call';
import { SelfTestStatus } from '../components/SelfTestStatus';
import { formatDateTime } from '../lib/format';
import { routeToHash, type Page, type Route } from '../lib/route';
import { AuditPage } from '../pages/Audit';
import { CostsPage } from '../pages/Costs';
import { KeyDetailPage } from '../pages/KeyDetail';
import { KeysPage } from '../pages/Keys';
import { OperationsPage } from '../pages/Operations';
import { SchedulePage } from '../pages/Schedule';
import { SettingsPage } from '../pages/Settings';
import { useStore } from '../stores/store';

interface NavItem {
  label: string;
  route: Route;
  icon: ReactNode;
  /** Pages that highlight this item. */
  pages: Page[];
}

const NAV: NavItem[] = [
  { label: 'Keys', route: { page: 'keys' }, icon: <IconKey size={18} />, pages: ['keys', 'key'] },
  { label: 'Operations', route: { page: 'operations' }, icon: <IconTransform size={18} />, pages: ['operations'] },
  { label: 'Rotation schedule', route: { page: 'schedule' }, icon: <IconCalendarTime size={18} />, pages: ['schedule'] },
  { label: 'Costs', route: { page: 'costs' }, icon: <IconCoin size={18} />, pages: ['costs'] },
  { label: 'Audit log', route: { page: 'audit' }, icon: <IconListSearch size={18} />, pages: ['audit'] },
  { label: 'Settings', route: { page: 'settings' }, icon: <IconSettings size={18} />, pages: ['settings'] },
];

export function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: true });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon variant="default" size="lg" aria-label="Toggle color scheme" onClick={() => setColorScheme(next)}>
        {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function PageView({ route }: { route: Route }) {
  switch (route.page) {
    case 'keys':
      return <KeysPage />;
    case 'key':
      // keyed so that moving between keys starts from a clean page state
      return <KeyDetailPage key={route.keyId} keyId={route.keyId} />;
    case 'operations':
      return <OperationsPage />;
    case 'schedule':
      return <SchedulePage />;
    case 'costs':
      return <CostsPage />;
    case 'audit':
      return <AuditPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function Shell() {
  const { route, navigate, navOpened, toggleNav, vault, clock, refreshClock, lockVault } = useStore(
    useShallow((s) => ({
      route: s.route, navigate: s.navigate, navOpened: s.navOpened, toggleNav: s.toggleNav,
      vault: s.vault, clock: s.clock, refreshClock: s.refreshClock, lockVault: s.lockVault,
    })),
  );

  useEffect(() => {
    void attempt(refreshClock);
  }, [refreshClock]);

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="lg"
      styles={{ main: { background: 'var(--kw-shell-bg)' } }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <IconShieldLock size={22} color="var(--mantine-primary-color-filled)" />
            <Text fw={700} size="lg" style={{ letterSpacing: -0.2 }}>
              Keyward
            </Text>
            {vault ? (
              <Text size="xs" c="dimmed" visibleFrom="md">
                {vault.accountId} · {vault.region}
              </Text>
            ) : null}
          </Group>
          <Group gap="xs" wrap="nowrap">
            {clock?.Virtual ? (
              <Tooltip label="Training mode: the app runs on a virtual clock. Change it in Settings.">
                <Badge
                  component="a"
                  href={routeToHash({ page: 'settings' })}
                  color="grape"
                  variant="light"
                  leftSection={<IconClockHour4 size={12} />}
                  style={{ cursor: 'pointer', textTransform: 'none' }}
                >
                  Virtual clock · {formatDateTime(clock.Now)}
                </Badge>
              </Tooltip>
            ) : null}
            {vault?.auditBreaks?.length ? (
              <Tooltip label="The audit log failed an integrity check. See the Audit log page.">
                <Badge component="a" href={routeToHash({ page: 'audit' })} color="red" variant="filled" style={{ cursor: 'pointer', textTransform: 'none' }}>
                  Audit break{vault.auditBreaks.length > 1 ? `s: ${vault.auditBreaks.length}` : ''}
                </Badge>
              </Tooltip>
            ) : null}
            <SelfTestStatus />
            <ThemeToggle />
            <Button variant="default" leftSection={<IconLock size={16} />} onClick={() => void attempt(lockVault)}>
              Lock
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2} component="nav" aria-label="Main">
            {NAV.map((item) => (
              <NavLink
                key={item.label}
                component="a"
                href={routeToHash(item.route)}
                label={item.label}
                leftSection={item.icon}
                active={item.pages.includes(route.page)}
                aria-current={item.pages.includes(route.page) ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(item.route);
                }}
                styles={{ root: { borderRadius: 'var(--mantine-radius-sm)' } }}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          {vault ? (
            <Text size="xs" c="dimmed" p="xs" style={{ wordBreak: 'break-all' }} title={vault.vaultPath}>
              Vault: {vault.vaultPath}
            </Text>
          ) : null}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <PageView route={route} />
      </AppShell.Main>
    </AppShell>
  );
}
