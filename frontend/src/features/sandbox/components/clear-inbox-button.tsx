import { Button, Group, Modal, Text } from '@mantine/core';
import { useState } from 'react';

import { useClearInbox } from '../api/clear-inbox';

/** Empties one inbox after a confirmation. */
export function ClearInboxButton({ name, count }: { name: string; count: number }) {
  const [open, setOpen] = useState(false);
  const clear = useClearInbox();
  const close = () => {
    setOpen(false);
  };
  return (
    <>
      <Button
        variant="default"
        color="red"
        onClick={() => {
          setOpen(true);
        }}
      >
        Clear
      </Button>
      <Modal opened={open} onClose={close} title={`Clear the inbox "${name}"?`}>
        <Text size="sm">
          The {count} recorded request{count === 1 ? '' : 's'} will be deleted. Flows can keep sending to it.
        </Text>
        {clear.isError && (
          <Text size="sm" c="red" mt="sm">
            {clear.error.message}
          </Text>
        )}
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={clear.isPending}
            onClick={() => {
              clear.mutate(name, { onSuccess: close });
            }}
          >
            Clear inbox
          </Button>
        </Group>
      </Modal>
    </>
  );
}
