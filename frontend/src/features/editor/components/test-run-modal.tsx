import { Alert, Button, Group, JsonInput, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';

interface TestRunModalProps {
  opened: boolean;
  onClose: () => void;
  /** Prefill: the trigger's sample payload. */
  sample: unknown;
  /** Saves if needed and starts the run; rejects with a message to show. */
  onRun: (payload: unknown) => Promise<void>;
  running: boolean;
}

/** Run the flow once with an editable payload that stands for the trigger's event. */
export function TestRunModal({ opened, onClose, sample, onRun, running }: TestRunModalProps) {
  const [text, setText] = useState(() => JSON.stringify(sample ?? {}, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title="Test run" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          Runs the saved flow once on a worker (unsaved changes are saved first). For a webhook, this JSON is the
          request body.
        </Text>
        <JsonInput
          label="Trigger payload"
          value={text}
          onChange={setText}
          validationError="Not valid JSON"
          // A fixed height: growing on blur would move the Run button under the pointer.
          rows={14}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          data-testid="test-payload"
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={running}
            onClick={() => {
              let payload: unknown;
              try {
                payload = JSON.parse(text || 'null');
              } catch {
                setError('The payload is not valid JSON.');
                return;
              }
              setError(null);
              onRun(payload).then(onClose, (e: unknown) => {
                setError(e instanceof Error ? e.message : String(e));
              });
            }}
          >
            Run
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
