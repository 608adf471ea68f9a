import { Select, type SelectProps } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { operableKeyOptions } from '../../lib/keys';
import { useStore } from '../../stores/store';

export interface KeySelectProps extends Omit<SelectProps, 'data'> {}

/** Select of symmetric keys (aliases and ids of Enabled/Disabled keys), loading the list if needed. */
export function KeySelect({ label = 'Key', placeholder = 'Choose a key (alias or key ID)', ...rest }: KeySelectProps) {
  const rows = useStore((s) => s.keyRows);
  const loaded = useStore((s) => s.keysLoaded);
  const ensureKeys = useStore((s) => s.ensureKeys);
  useEffect(() => {
    void ensureKeys();
  }, [ensureKeys]);
  const data = useMemo(() => operableKeyOptions(rows), [rows]);
  return (
    <Select
      label={label}
      placeholder={placeholder}
      data={data}
      searchable
      nothingFoundMessage={loaded ? 'No enabled or disabled symmetric keys. Create one on the Keys page.' : 'Loading keys…'}
      comboboxProps={{ withinPortal: true }}
      styles={{ option: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
      {...rest}
    />
  );
}
