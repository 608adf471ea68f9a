import { Button, Divider, Group, Modal, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { SecretTextarea } from '../../components/SecretField';
import { useEffect, useState, type FormEvent } from 'react';
import { CATALOGUE } from '../../../src-shared/kms/catalogue';
import { LIMITS } from '../../../src-shared/kms/enums';
import { call, notifySuccess } from '../../api/call';
import { AliasInput } from '../../components/AliasInput';
import { ContextEditor } from '../../components/ContextEditor';
import { ElapsedProgress } from '../../components/ElapsedProgress';
import { aliasError, fullAliasName } from '../../lib/alias';
import { DEFAULT_CHOICE, isSlowToCreate, type KeyChoice } from '../../lib/createKey';
import { rowsToRecord, type KeyValueRow } from '../../lib/keyValue';
import { rotationPeriodError } from '../../lib/validation';
import { KeyTypePicker } from './KeyTypePicker';

export interface CreateKeyModalProps {
  opened: boolean;
  onClose(): void;
  /** After the key and its alias/rotation were created. */
  onCreated(keyId: string): void;
}

/** Create a key of any type the catalogue offers, then its alias and (symmetric keys) automatic rotation. */
export function CreateKeyModal({ opened, onClose, onCreated }: CreateKeyModalProps) {
  const [description, setDescription] = useState('');
  const [alias, setAlias] = useState('');
  const [tags, setTags] = useState<KeyValueRow[]>([]);
  const [rotation, setRotation] = useState(true);
  const [period, setPeriod] = useState<number | string>(LIMITS.rotationPeriodDefault);
  const [errors, setErrors] = useState<{ alias?: string; tags?: string; period?: string }>({});
  const [busy, setBusy] = useState(false);
  const [choice, setChoice] = useState<KeyChoice>(DEFAULT_CHOICE);
  const entry = CATALOGUE[choice.spec];
  // Each opening starts from a symmetric key: a type chosen and cancelled earlier must not
  // silently carry over to the next key.
  useEffect(() => {
    if (opened) setChoice(DEFAULT_CHOICE);
  }, [opened]);
  const canRotate = entry.rotation;

  const reset = () => {
    setChoice(DEFAULT_CHOICE);
    setDescription('');
    setAlias('');
    setTags([]);
    setRotation(true);
    setPeriod(LIMITS.rotationPeriodDefault);
    setErrors({});
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (alias.trim() !== '') {
      const a = aliasError(alias);
      if (a) errs.alias = a;
    }
    const tagMap = rowsToRecord(tags, { keyLabel: 'Tag key', maxKeyLength: LIMITS.tagKeyMax, maxValueLength: LIMITS.tagValueMax });
    if (!tagMap.ok) errs.tags = tagMap.error;
    if (canRotate && rotation) {
      const p = rotationPeriodError(period);
      if (p) errs.period = p;
    }
    setErrors(errs);
    if (Object.keys(errs).length > 0 || !tagMap.ok) return;

    setBusy(true);
    let keyId: string | undefined;
    try {
      const tagList = Object.entries(tagMap.value).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
      const created = await call('kms:CreateKey', {
        KeySpec: choice.spec,
        KeyUsage: choice.usage,
        ...(description.trim() ? { Description: description.trim() } : {}),
        ...(tagList.length ? { Tags: tagList } : {}),
      });
      keyId = created.KeyMetadata.KeyId;
      // The key exists from here on; a failed follow-up is notified and the key is still shown.
      if (alias.trim() !== '') {
        await call('kms:CreateAlias', { AliasName: fullAliasName(alias), TargetKeyId: keyId }).catch(() => undefined);
      }
      if (canRotate && rotation) {
        await call('kms:EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: Number(period) }).catch(() => undefined);
      }
      notifySuccess(`Created key ${alias.trim() ? fullAliasName(alias) : keyId}`, 'Key created');
      reset();
      onCreated(keyId);
    } catch {
      // CreateKey failed: notified by call(); keep the form for another try.
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={() => {
        if (!busy) onClose(); // key generation in flight: wait for its answer
      }}
      title={<Text fw={600}>Create key</Text>}
      size="xl"
      closeOnClickOutside={!busy}
      closeOnEscape={!busy}
      withCloseButton={!busy}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <KeyTypePicker value={choice} onChange={setChoice} disabled={busy} />
          <Divider />
          <SecretTextarea
            label="Description"
            placeholder="What this key protects, e.g. Payroll export files"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={LIMITS.descriptionMax}
            data-autofocus
          />
          <AliasInput
            label="Alias"
            description="Optional. A friendly name to use instead of the key ID."
            placeholder="payroll/export"
            value={alias}
            onChange={setAlias}
            error={errors.alias}
          />
          <ContextEditor
            label="Tags"
            description="Optional key/value labels, e.g. owner=payments."
            rows={tags}
            onChange={setTags}
            keyLabel="Tag key"
            valueLabel="Tag value"
            addLabel="Add tag"
            error={errors.tags}
          />
          {canRotate ? (
          <Group align="flex-start" gap="lg" mt={4}>
            <Switch
              label="Automatic rotation"
              description="New key material on a schedule; old versions still decrypt."
              checked={rotation}
              onChange={(e) => setRotation(e.currentTarget.checked)}
              mt={6}
              maw={260}
            />
            <NumberInput
              label="Rotation period (days)"
              description={`${LIMITS.rotationPeriodMin}–${LIMITS.rotationPeriodMax}`}
              value={period}
              onChange={setPeriod}
              min={LIMITS.rotationPeriodMin}
              max={LIMITS.rotationPeriodMax}
              allowDecimal={false}
              disabled={!rotation}
              error={errors.period}
              w={200}
            />
          </Group>
          ) : (
            <Text size="xs" c="dimmed">
              Automatic rotation applies to symmetric encryption keys only. To replace this key later, create a new key
              and move its alias to it.
            </Text>
          )}
          <ElapsedProgress busy={busy} label="Creating key" immediate={isSlowToCreate(choice.spec)}>
            {entry.hasPublicKey ? `Generating the ${entry.label} key pair in the main process` : `Generating ${entry.label} key material`}
            {isSlowToCreate(choice.spec) ? ' (RSA keys this large take a few seconds)' : ''}
          </ElapsedProgress>
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
