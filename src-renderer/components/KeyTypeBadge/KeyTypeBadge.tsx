import { Badge, Group, Tooltip } from '@mantine/core';
import type { KeySpec, KeyUsage } from '../../../src-shared/kms/enums';
import { KIND_COLORS, USAGE_LABELS, keyKindOf } from '../../lib/keyKind';

export interface KeyTypeBadgeProps {
  spec: KeySpec;
  usage: KeyUsage;
}

/** Two badges: the key's kind (RSA, ECC, HMAC, …) and its usage, with the exact names on hover. */
export function KeyTypeBadge({ spec, usage }: KeyTypeBadgeProps) {
  const kind = keyKindOf(spec);
  return (
    <Tooltip label={`${spec} · ${usage}`}>
      <Group gap={4} wrap="nowrap" data-testid="key-type">
        <Badge variant="light" color={KIND_COLORS[kind]} radius="sm" tt="none" miw="max-content">
          {kind}
        </Badge>
        <Badge variant="outline" color="gray" radius="sm" tt="none" miw="max-content">
          {USAGE_LABELS[usage]}
        </Badge>
      </Group>
    </Tooltip>
  );
}
