import { Select } from '@mantine/core';

import { useCredentials } from '../api/get-credentials';

const LATER = '';

interface CredentialSelectProps {
  nodeId: string;
  connector: string;
  value: string;
  onChange: (credentialId: string) => void;
}

/** One node's credential: a stored one of its connector, or "create one later" (the default). */
export function CredentialSelect({ nodeId, connector, value, onChange }: CredentialSelectProps) {
  const credentials = useCredentials(connector);
  const options = [
    { value: LATER, label: 'Create one later' },
    ...(credentials.data ?? []).map((c) => ({ value: c.id, label: c.name })),
  ];
  return (
    <Select
      label={`${nodeId} (${connector})`}
      data={options}
      value={value}
      onChange={(next) => {
        onChange(next ?? LATER);
      }}
      allowDeselect={false}
      error={credentials.error?.message}
      description={
        credentials.data && credentials.data.length === 0 ? `No ${connector} credential is stored yet.` : undefined
      }
      comboboxProps={{ withinPortal: true }}
      data-testid="credential-select"
    />
  );
}
