import { Button, Group, Select } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';

import { useConnectors } from '../api/get-connectors';
import { useCredentials } from '../api/get-credentials';
import { CredentialModal } from './credential-modal';

interface CredentialPickerProps {
  /** The connector whose credentials fit the block. */
  connector: string;
  value: string | null | undefined;
  error?: string;
  onChange: (credential: string | null) => void;
}

export function CredentialPicker({ connector, value, error, onChange }: CredentialPickerProps) {
  const credentials = useCredentials();
  const connectors = useConnectors();
  const [opened, { open, close }] = useDisclosure(false);
  const options = (credentials.data?.results ?? [])
    .filter((c) => c.connector === connector)
    .map((c) => ({ value: c.id, label: c.name }));
  const connectorInfo = connectors.data?.results.find((c) => c.key === connector);
  return (
    <>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Select
          label="Credential"
          placeholder={options.length ? 'Pick a credential' : `No ${connector} credential yet`}
          data={options}
          value={value ?? null}
          onChange={onChange}
          clearable
          error={error}
          style={{ flex: 1 }}
        />
        <Button variant="light" size="xs" onClick={open} disabled={!connectorInfo}>
          Add new
        </Button>
      </Group>
      {connectorInfo && opened && (
        <CredentialModal
          connector={connectorInfo}
          opened={opened}
          onClose={close}
          onCreated={(credential) => {
            onChange(credential.id);
          }}
        />
      )}
    </>
  );
}
