import { Alert, Button, Group, Select, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';

import { useConnectCredential } from '../api/connect-credential';
import { useConnectors } from '../api/get-connectors';
import { useCredentials } from '../api/get-credentials';
import { type CredentialTestResult, useTestCredential } from '../api/test-credential';
import { CredentialModal } from './credential-modal';

interface CredentialPickerProps {
  /** The connector whose credentials fit the block, or the credential kinds it accepts (core.http_request). */
  connector: string | string[];
  value: string | null | undefined;
  error?: string;
  onChange: (credential: string | null) => void;
}

export function CredentialPicker({ connector, value, error, onChange }: CredentialPickerProps) {
  const credentials = useCredentials();
  const connectors = useConnectors();
  const test = useTestCredential();
  const connect = useConnectCredential();
  const [opened, { open, close }] = useDisclosure(false);
  const kinds = typeof connector === 'string' ? [connector] : connector;
  const fitting = (credentials.data?.results ?? []).filter((c) => kinds.includes(c.connector));
  const kindInfos = kinds.flatMap((kind) => connectors.data?.results.find((c) => c.key === kind) ?? []);
  const kindTitle = (key: string) => kindInfos.find((c) => c.key === key)?.title ?? key;
  const options = fitting.map((c) => ({ value: c.id, label: kinds.length > 1 ? `${c.name} (${kindTitle(c.connector)})` : c.name }));
  const connectorInfo = kindInfos[0];
  // An OAuth2 credential the user has not approved yet: "Connect" goes to the vendor and back here.
  const unconnected = fitting.find((c) => c.id === value && c.connected === false);
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
          placeholder={options.length ? 'Pick a credential' : `No ${kinds.length > 1 ? '' : `${kinds[0]} `}credential yet`}
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
        {unconnected && (
          <Button
            size="xs"
            loading={connect.isPending}
            onClick={() => {
              connect.mutate({ credentialId: unconnected.id, next: window.location.pathname });
            }}
          >
            Connect
          </Button>
        )}
        <Button variant="light" size="xs" onClick={open} disabled={!connectorInfo}>
          Add new
        </Button>
      </Group>
      {unconnected && (
        <Text size="xs" c="dimmed">
          Not connected yet: press Connect to approve the access at the vendor.
        </Text>
      )}
      {connect.error && (
        <Alert color="red" title="Could not start connecting" p="xs">
          {connect.error.message}
        </Alert>
      )}
      {tested && test.data && <CredentialTestOutcome result={test.data} />}
      {tested && test.error && (
        <Alert color="red" title="Could not test the credential" p="xs">
          {test.error.message}
        </Alert>
      )}
      {connectorInfo && opened && (
        <CredentialModal
          connector={connectorInfo}
          kinds={kindInfos}
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
