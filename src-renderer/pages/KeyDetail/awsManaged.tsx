/**
 * AWS managed keys on the key detail page: AWS manages them, so every change a customer could
 * make to a customer managed key is refused (the endpoint answers AccessDeniedException, as AWS
 * does: https://docs.aws.amazon.com/kms/latest/developerguide/editing-keys.html). The page
 * shows the controls disabled, with this reason beside them.
 */
import { Text } from '@mantine/core';
import type { KeyMetadata } from '../../../src-shared/kms/types';

/** True for a key AWS manages (KeyMetadata.KeyManager AWS), e.g. the key behind alias/aws/s3. */
export function isAwsManaged(meta: Pick<KeyMetadata, 'KeyManager'>): boolean {
  return meta.KeyManager === 'AWS';
}

/** Why the change controls of an AWS managed key are disabled. */
export const AWS_MANAGED_REASON =
  'AWS manages this key: its description, state, rotation, tags and aliases cannot be changed (AWS answers AccessDeniedException). It rotates every year on its own.';

/** The reason, shown under a section's disabled controls; nothing for customer managed keys. */
export function AwsManagedNote({ meta }: { meta: Pick<KeyMetadata, 'KeyManager'> }) {
  if (!isAwsManaged(meta)) return null;
  return (
    <Text size="xs" c="dimmed" mt={6} data-aws-managed-note>
      {AWS_MANAGED_REASON}
    </Text>
  );
}
