import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';

interface RotateWebhookModalProps {
  opened: boolean;
  /** Whether the flow is on: then senders are using the current URL right now. */
  active: boolean;
  pending: boolean;
  error: Error | null;
  onClose: () => void;
  onConfirm: () => void;
}

/** Asks before giving the flow a new webhook URL: the current one stops working at once. */
export function RotateWebhookModal({ opened, active, pending, error, onClose, onConfirm }: RotateWebhookModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Make a new webhook URL?">
      <Stack data-testid="rotate-webhook-confirm">
        <Text size="sm">
          The current webhook URL stops working at once: requests to it get 404 and start no run.
        </Text>
        {active && (
          <Text size="sm" fw={600}>
            This flow is active: whatever sends to it now (your store, payment provider or other app) fails until
            you give it the new URL.
          </Text>
        )}
        <Text size="sm">Do this when the URL has leaked, and update every sender straight after.</Text>
        {error && (
          <Alert color="red" role="alert" title="The server refused">
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={pending}>
            Make a new URL
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
