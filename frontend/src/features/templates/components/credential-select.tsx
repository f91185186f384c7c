import { Select } from '@mantine/core';

import { useCredentials } from '../api/get-credentials';

const LATER = '';

interface CredentialSelectProps {
  nodeId: string;
  /** The node's title (or id when it has none). */
  label: string;
  connector: string;
  value: string;
  onChange: (credentialId: string) => void;
}

/** One node's credential: a stored one of its connector, or "create one later" (the default). */
export function CredentialSelect({ nodeId, label, connector, value, onChange }: CredentialSelectProps) {
  const credentials = useCredentials(connector);
  const options = [
    { value: LATER, label: 'Create one later' },
    ...(credentials.data ?? []).map((c) => ({ value: c.id, label: c.name })),
  ];
  return (
    <Select
      label={`${label} (${connector})`}
      data-node-id={nodeId}
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
