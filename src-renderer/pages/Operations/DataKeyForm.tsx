/**
 * The form the Data key and Data key pair tabs share (GenerateDataKey(Pair)[WithoutPlaintext]):
 * wrapping key, a spec, an encryption context and the "Without plaintext" switch.
 */
import { Button, Group, Stack, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ContextEditor } from '../../components/ContextEditor';
import { KeySelect } from '../../components/KeySelect';
import { CONTEXT_HELP, contextParam, useContextRows, WithoutPlaintextSwitch } from './parts';
import { useOperation } from './useOperation';

/** The request members both operations share. */
export interface DataKeyRequest {
  KeyId: string;
  EncryptionContext?: Record<string, string>;
}

/**
 * Form state of a data-key tab. `generate` makes the call(s) for the chosen mode and returns
 * the result to show; it may throw what `call()` throws (already notified).
 */
export function useDataKeyForm<R>(generate: (request: DataKeyRequest, withoutPlaintext: boolean) => Promise<R>) {
  const op = useOperation<R>();
  const ctx = useContextRows();
  const [withoutPlaintext, setWithoutPlaintext] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const keyId = op.requireKey();
    const context = ctx.read();
    if (!keyId || context === false) return;
    await op.show('run', () => generate({ KeyId: keyId, ...contextParam(context) }, withoutPlaintext));
  };
  return { op, ctx, withoutPlaintext, setWithoutPlaintext, submit };
}

export interface DataKeyFormProps<R> {
  form: ReturnType<typeof useDataKeyForm<R>>;
  /** What the tab is for, above the fields. */
  intro: ReactNode;
  introWidth: number;
  /** Under the key picker. */
  keyDescription?: string;
  /** The spec select (KeySpec or KeyPairSpec). */
  spec: ReactNode;
  /** Under the "Without plaintext" switch: what comes back then. */
  withoutPlaintextDescription: string;
  submitLabel: string;
  /** Progress and the result, under the button. */
  children?: ReactNode;
}

/** The fields and the submit button of a data-key tab. */
export function DataKeyForm<R>({ form, intro, introWidth, keyDescription, spec, withoutPlaintextDescription, submitLabel, children }: DataKeyFormProps<R>) {
  const { op, ctx } = form;
  return (
    <form onSubmit={(e) => void form.submit(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed" maw={introWidth}>
          {intro}
        </Text>
        <KeySelect value={op.keyId} onChange={op.setKeyId} error={op.keyError} w={520} maw="100%" {...(keyDescription === undefined ? {} : { description: keyDescription })} />
        {spec}
        <ContextEditor rows={ctx.rows} onChange={ctx.setRows} error={ctx.error} description={CONTEXT_HELP} />
        <WithoutPlaintextSwitch description={withoutPlaintextDescription} checked={form.withoutPlaintext} onChange={form.setWithoutPlaintext} />
        <Group>
          <Button type="submit" leftSection={<IconKey size={16} />} loading={op.busy !== null}>
            {submitLabel}
          </Button>
        </Group>
        {children}
      </Stack>
    </form>
  );
}
