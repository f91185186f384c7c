import { Alert, Button, Group, Select, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';

import { useConnectors } from '../api/get-connectors';
import { useCredentials } from '../api/get-credentials';
import { type CredentialTestResult, useTestCredential } from '../api/test-credential';
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
  const test = useTestCredential();
  const [opened, { open, close }] = useDisclosure(false);
  const options = (credentials.data?.results ?? [])
    .filter((c) => c.connector === connector)
    .map((c) => ({ value: c.id, label: c.name }));
  const connectorInfo = connectors.data?.results.find((c) => c.key === connector);
  const select = (credential: string | null) => {
    test.reset();
    onChange(credential);
  };
  // A result speaks only of the credential it tested: hide it once the node points elsewhere
  // (another node selected, undo), not only when the picker itself changes.
  const tested = value != null && test.variables?.credentialId === value;
  return (
    <>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Select
          label="Credential"
          placeholder={options.length ? 'Pick a credential' : `No ${connector} credential yet`}
          data={options}
          value={value ?? null}
          onChange={select}
          clearable
          error={error}
          style={{ flex: 1 }}
        />
        <Button
          variant="default"
          size="xs"
          disabled={!value}
          loading={tested && test.isPending}
          onClick={() => {
            if (value) test.mutate({ credentialId: value });
          }}
        >
          Test
        </Button>
        <Button variant="light" size="xs" onClick={open} disabled={!connectorInfo}>
          Add new
        </Button>
      </Group>
      {tested && test.data && <CredentialTestOutcome result={test.data} />}
      {tested && test.error && (
        <Alert color="red" title="Could not test the credential" p="xs">
          {test.error.message}
        </Alert>
      )}
      {connectorInfo && opened && (
        <CredentialModal
          connector={connectorInfo}
          opened={opened}
          onClose={close}
          onCreated={(credential, { test: andTest }) => {
            select(credential.id);
            if (andTest) test.mutate({ credentialId: credential.id });
          }}
        />
      )}
    </>
  );
}

/** What the vendor answered: "Connected" and what it showed, or its message and HTTP status. */
function CredentialTestOutcome({ result }: { result: CredentialTestResult }) {
  if (result.ok) {
    return (
      <Alert color="green" title="Connected" p="xs">
        {result.detail}
      </Alert>
    );
  }
  const { message, status } = result.error;
  return (
    <Alert color="red" title="Test failed" p="xs">
      <Text size="sm">{message}</Text>
      <Text size="xs" c="dimmed">
        {status === null ? 'The vendor could not be reached.' : `HTTP ${status}`}
      </Text>
    </Alert>
  );
}
