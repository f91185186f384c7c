import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import type { ErrorSchema } from '@rjsf/utils';
import { useState } from 'react';

import { ApiError } from '@/lib/api-client';

import { useCreateCredential } from '../api/create-credential';
import type { Connector, Credential } from '../types';
import { ConfigForm } from './config-form';

interface CredentialModalProps {
  connector: Connector;
  /** The kinds the user may choose from (a block that accepts several); `connector` is the first. */
  kinds?: Connector[];
  opened: boolean;
  onClose: () => void;
  /** `test`: the user asked to test the credential once it is saved. */
  onCreated: (credential: Credential, options: { test: boolean }) => void;
}

/** "Add new credential" without leaving the editor: a form from the connector's credential schema. */
export function CredentialModal({ connector: first, kinds = [], opened, onClose, onCreated }: CredentialModalProps) {
  const [connector, setConnector] = useState(first);
  const [name, setName] = useState(`${first.title} account`);
  const [data, setData] = useState<Record<string, unknown>>({});
  const chooseKind = (key: string | null) => {
    const chosen = kinds.find((k) => k.key === key);
    if (!chosen) return;
    setConnector(chosen);
    setName(`${chosen.title} account`);
    setData({});
  };
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
        {kinds.length > 1 && (
          <Select
            label="Kind"
            data={kinds.map((k) => ({ value: k.key, label: k.title }))}
            value={connector.key}
            onChange={chooseKind}
            allowDeselect={false}
          />
        )}
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
          }}
          required
        />
        {connector.credential_schema && (
          <ConfigForm key={connector.key} schema={connector.credential_schema} value={data} onChange={setData} errors={dataErrors} idPrefix="credential" />
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
