import { Select, type SelectProps } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { operableKeyOptions, symmetricEncryptionKeys, type KeyFilter } from '../../lib/keys';
import { useStore } from '../../stores/store';

export interface KeySelectProps extends Omit<SelectProps, 'data'> {
  /** Which keys to offer. @default symmetric encryption keys */
  keyFilter?: KeyFilter;
  /** What the offered keys are, for the empty message ("No … keys"). @default 'symmetric encryption' */
  kindLabel?: string;
}

/** Select of keys (aliases and ids of Enabled/Disabled keys that `keyFilter` accepts), loading the list if needed. */
export function KeySelect({
  label = 'Key', placeholder = 'Choose a key (alias or key ID)', keyFilter = symmetricEncryptionKeys, kindLabel = 'symmetric encryption', ...rest
}: KeySelectProps) {
  const rows = useStore((s) => s.keyRows);
  const loaded = useStore((s) => s.keysLoaded);
  const ensureKeys = useStore((s) => s.ensureKeys);
  useEffect(() => {
    void ensureKeys();
  }, [ensureKeys]);
  const data = useMemo(() => operableKeyOptions(rows, keyFilter), [rows, keyFilter]);
  return (
    <Select
      label={label}
      placeholder={placeholder}
      data={data}
      searchable
      nothingFoundMessage={loaded ? `No enabled or disabled ${kindLabel} keys. Create one on the Keys page.` : 'Loading keys…'}
      comboboxProps={{ withinPortal: true }}
      styles={{ option: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
      {...rest}
    />
  );
}
