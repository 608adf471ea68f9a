import { Anchor, Badge, Button, EmptyState, Grid, Group, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconKeyOff } from '@tabler/icons-react';
import { CATALOGUE } from '../../../src-shared/kms/catalogue';
import { StateBadge } from '../../components/StateBadge';
import { routeToHash } from '../../lib/route';
import { useStore } from '../../stores/store';
import { AliasesSection } from './AliasesSection';
import { AWS_MANAGED_REASON, isAwsManaged } from './awsManaged';
import { ConfigurationSection } from './ConfigurationSection';
import { CostSection } from './CostSection';
import { LifecycleSection } from './LifecycleSection';
import { PublicKeySection } from './PublicKeySection';
import { RotationSection } from './RotationSection';
import { TagsSection } from './TagsSection';
import { useKeyDetail } from './useKeyDetail';

/** One key: configuration, aliases, tags, rotation, lifecycle and cost. */
export function KeyDetailPage({ keyId }: { keyId: string }) {
  const navigate = useStore((s) => s.navigate);
  const refreshKeys = useStore((s) => s.refreshKeys);
  const { detail, status, reload } = useKeyDetail(keyId);

  const changed = () => {
    void reload();
    void refreshKeys(); // keep Operations' key picker in step (the Keys page reads its view on entry)
  };

  const back = (
    <Anchor href={routeToHash({ page: 'keys' })} size="sm" onClick={(e) => { e.preventDefault(); navigate({ page: 'keys' }); }}>
      <Group gap={4}>
        <IconArrowLeft size={14} />
        Back to key list
      </Group>
    </Anchor>
  );

  if (status === 'loading') {
    return (
      <Stack>
        {back}
        <Group><Loader size="sm" /><Text size="sm" c="dimmed">Loading key…</Text></Group>
      </Stack>
    );
  }
  if (status === 'missing' || !detail) {
    return (
      <Stack>
        {back}
        <EmptyState title="Key not found" description={`No key with ID or alias ${keyId} in this vault. It may have been deleted.`} icon={<IconKeyOff size={28} />} withIndicatorBackground>
          <EmptyState.Actions>
            <Button onClick={() => navigate({ page: 'keys' })}>Back to keys</Button>
          </EmptyState.Actions>
        </EmptyState>
      </Stack>
    );
  }

  const { meta } = detail;
  return (
    <Stack gap="md">
      {back}
      <Group justify="space-between" align="center">
        <Group gap="sm" align="center">
          <Title order={2} size="h3" {...(detail.aliases[0] ? {} : { ff: 'monospace' as const })}>
            {detail.aliases[0] ?? meta.KeyId}
          </Title>
          <StateBadge state={meta.KeyState} size="lg" />
          {isAwsManaged(meta) ? (
            <Tooltip label={AWS_MANAGED_REASON} multiline w={320}>
              <Badge variant="light" color="orange" radius="sm" size="lg">AWS managed</Badge>
            </Tooltip>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed" ff="monospace">
          {meta.KeyId}
        </Text>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="md">
            <ConfigurationSection detail={detail} onChanged={changed} />
            <AliasesSection detail={detail} onChanged={changed} />
            <TagsSection detail={detail} onChanged={changed} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="md">
            {CATALOGUE[meta.KeySpec].hasPublicKey ? <PublicKeySection meta={meta} name={detail.aliases[0] ?? meta.KeyId} /> : null}
            <LifecycleSection detail={detail} onChanged={changed} />
            <RotationSection detail={detail} onChanged={changed} />
            <CostSection cost={detail.cost} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
