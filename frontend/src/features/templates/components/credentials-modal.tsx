import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { useSetFlowCredentials } from '../api/set-flow-credentials';
import { nodeLabel } from '../lib/credentials';
import type { UsedTemplate } from '../types';
import { CredentialSelect } from './credential-select';

interface CredentialsModalProps {
  flow: UsedTemplate;
  onClose: () => void;
  /** Called once the draft is saved (or nothing was chosen): open the editor. */
  onDone: () => void;
}

/** After a template is imported: which stored credential each node that needs one should use. */
export function CredentialsModal({ flow, onClose, onDone }: CredentialsModalProps) {
  const [choices, setChoices] = useState<Record<string, string>>({});
  const save = useSetFlowCredentials({ onSuccess: onDone });
  const chosen = Object.fromEntries(Object.entries(choices).filter(([, id]) => id));

  return (
    <Modal opened onClose={onClose} title="Credentials for the new flow" size="lg">
      <Stack>
        <Text size="sm">
          "{flow.name}" was created as a draft. Pick the account each step should use; anything left for later can be
          set in the editor.
        </Text>
        {flow.credentials_needed.map((need) => (
          <CredentialSelect
            key={need.node_id}
            nodeId={need.node_id}
            label={nodeLabel(flow.document, need.node_id)}
            connector={need.connector}
            value={choices[need.node_id] ?? ''}
            onChange={(id) => {
              setChoices((current) => ({ ...current, [need.node_id]: id }));
            }}
          />
        ))}
        {save.error && (
          <Alert color="red" role="alert" title="Could not save the credentials">
            {save.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            onClick={() => {
              if (Object.keys(chosen).length === 0) onDone();
              else save.mutate({ flowId: flow.id, document: flow.document, choices: chosen });
            }}
            loading={save.isPending}
          >
            Open in the editor
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
