import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

interface ConfirmModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  onConfirm: () => void;
  pending: boolean;
  error: Error | null;
  /** False keeps the confirm button disabled (an invalid payload). */
  canConfirm?: boolean;
}

/** Asks before an action that starts or stops runs; shows the API's error in place. */
export function ConfirmModal({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  color,
  onConfirm,
  pending,
  error,
  canConfirm = true,
}: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      <Stack>
        {children}
        {error && (
          <Alert color="red" role="alert" title="The server refused">
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Back
          </Button>
          <Button color={color} onClick={onConfirm} loading={pending} disabled={!canConfirm} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
