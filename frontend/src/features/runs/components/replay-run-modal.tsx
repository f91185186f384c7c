import { JsonInput, Text } from '@mantine/core';
import { useState } from 'react';

import { useReplayRun } from '../api/replay-run';
import type { RunCreated, RunDetail } from '../types';
import { ConfirmModal } from './confirm-modal';

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

interface ReplayRunModalProps {
  run: RunDetail;
  opened: boolean;
  onClose: () => void;
  onReplayed: (created: RunCreated) => void;
}

/** Confirms a replay from the failed step, with the trigger payload editable before it goes. */
export function ReplayRunModal({ run, opened, onClose, onReplayed }: ReplayRunModalProps) {
  const original = JSON.stringify(run.trigger ?? null, null, 2);
  const [text, setText] = useState(original);
  const replay = useReplayRun({ onSuccess: onReplayed });
  const parsed = parseJson(text);

  return (
    <ConfirmModal
      opened={opened}
      onClose={onClose}
      title="Replay from the failed step"
      confirmLabel="Replay"
      pending={replay.isPending}
      error={replay.error}
      canConfirm={parsed.ok}
      onConfirm={() => {
        if (!parsed.ok) return;
        // An untouched payload is not sent, so the new run reads the original event.
        replay.mutate({ runId: run.id, trigger: text === original ? undefined : parsed.value });
      }}
    >
      <Text size="sm">
        A new run starts at the step that failed; the steps that succeeded are copied, not run again. Edit the
        trigger payload below to correct the event first.
      </Text>
      <JsonInput
        label="Trigger payload"
        value={text}
        onChange={setText}
        validationError="Not valid JSON"
        formatOnBlur
        autosize
        minRows={6}
        maxRows={18}
        data-testid="replay-payload"
      />
    </ConfirmModal>
  );
}
