import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type SubmitEvent } from 'react';

import { ApiError } from '@/lib/api-client';

import { useUpdateFlowAlerts } from '../api/update-flow-alerts';
import type { FlowAlerts } from '../types';

interface FlowAlertsFormProps {
  flowId: string;
  initial: FlowAlerts;
  onSaved: () => void;
  onCancel: () => void;
}

export function FlowAlertsForm({ flowId, initial, onSaved, onCancel }: FlowAlertsFormProps) {
  const [email, setEmail] = useState(initial.email);
  const [webhookUrl, setWebhookUrl] = useState(initial.webhook_url);
  const save = useUpdateFlowAlerts({ onSuccess: onSaved });
  const apiError = save.error instanceof ApiError ? save.error : null;

  const handleSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate({ flowId, alerts: { email: email.trim(), webhook_url: webhookUrl.trim() } });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack>
        <Text size="sm">
          When a run of this flow fails (after its last retry), Dovetail tells you once. Leave a field empty to turn
          that channel off.
        </Text>
        <TextInput
          label="Email"
          type="email"
          placeholder="ops@example.com"
          value={email}
          onChange={(event) => {
            setEmail(event.currentTarget.value);
          }}
          error={apiError?.fieldMessage('/email')}
        />
        <TextInput
          label="Webhook URL"
          type="url"
          placeholder="https://hooks.example.com/…"
          description="Receives a JSON POST with the run, the flow and the error."
          value={webhookUrl}
          onChange={(event) => {
            setWebhookUrl(event.currentTarget.value);
          }}
          error={apiError?.fieldMessage('/webhook_url')}
        />
        {save.error && !apiError?.errors.length && (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save alerts
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
