import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import type { ErrorSchema } from '@rjsf/utils';
import { useState } from 'react';

import { ApiError } from '@/lib/api-client';

import { useCreateCredential } from '../api/create-credential';
import type { Connector, Credential } from '../types';
import { ConfigForm } from './config-form';

interface CredentialModalProps {
  connector: Connector;
  opened: boolean;
  onClose: () => void;
  /** `test`: the user asked to test the credential once it is saved. */
  onCreated: (credential: Credential, options: { test: boolean }) => void;
}

/** "Add new credential" without leaving the editor: a form from the connector's credential schema. */
export function CredentialModal({ connector, opened, onClose, onCreated }: CredentialModalProps) {
  const [name, setName] = useState(`${connector.title} account`);
  const [data, setData] = useState<Record<string, unknown>>({});
  const create = useCreateCredential();
  // The server points at /data/<field>; rjsf wants {<field>: {__errors: [...]}}.
  const dataErrors = Object.fromEntries(
    (create.error instanceof ApiError ? create.error.errors : [])
      .filter((e) => e.pointer.startsWith('/data/'))
      .map((e) => [e.pointer.slice('/data/'.length), { __errors: [e.message] }]),
  ) as ErrorSchema;
  const save = (test: boolean) => {
    create.mutate(
      { name, connector: connector.key, data },
      {
        onSuccess: (credential) => {
          onCreated(credential, { test });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={`New ${connector.title} credential`} size="lg">
      <Stack>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
          }}
          required
        />
        {connector.credential_schema && (
          <ConfigForm schema={connector.credential_schema} value={data} onChange={setData} errors={dataErrors} idPrefix="credential" />
        )}
        {create.error && <Alert color="red">{create.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="light"
            disabled={create.isPending}
            onClick={() => {
              save(true);
            }}
          >
            Save and test
          </Button>
          <Button
            loading={create.isPending}
            onClick={() => {
              save(false);
            }}
          >
            Save credential
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
