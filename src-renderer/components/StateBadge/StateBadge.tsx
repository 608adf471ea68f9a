import { Badge, type BadgeProps } from '@mantine/core';
import type { KeyState } from '../../../src-shared/kms/enums';

/** Enabled green, Disabled gray, PendingDeletion red, PendingImport yellow, the rest blue. */
export const STATE_COLORS: Record<KeyState, string> = {
  Enabled: 'green',
  Disabled: 'gray',
  PendingDeletion: 'red',
  PendingImport: 'yellow',
  PendingReplicaDeletion: 'red',
  Creating: 'blue',
  Updating: 'blue',
  Unavailable: 'orange',
};

export interface StateBadgeProps extends Omit<BadgeProps, 'color' | 'children'> {
  state: KeyState;
}

/** A key's KeyState as a colored badge, spelled exactly as KMS does (no uppercase transform). */
export function StateBadge({ state, ...rest }: StateBadgeProps) {
  return (
    <Badge color={STATE_COLORS[state]} variant="light" radius="sm" tt="none" miw="max-content" {...rest}>
      {state}
    </Badge>
  );
}
