import { Button, Group, Modal, Stack, Text } from '@mantine/core';

import { useUnsavedChangesGuard } from '../hooks/use-unsaved-changes-guard';

/** Asks before leaving the editor with unsaved changes (reloads get the browser's own prompt). */
export function UnsavedChangesPrompt() {
  const blocker = useUnsavedChangesGuard();
  const blocked = blocker.state === 'blocked';
  return (
    <Modal
      opened={blocked}
      onClose={() => {
        if (blocker.state === 'blocked') blocker.reset();
      }}
      title="Leave without saving?"
    >
      <Stack>
        <Text size="sm">This flow has changes that are not saved. Leaving the editor throws them away.</Text>
        <Group justify="flex-end">
          <Button
            variant="default"
            data-autofocus
            onClick={() => {
              if (blocker.state === 'blocked') blocker.reset();
            }}
          >
            Stay
          </Button>
          <Button
            color="red"
            onClick={() => {
              if (blocker.state === 'blocked') blocker.proceed();
            }}
          >
            Leave without saving
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
