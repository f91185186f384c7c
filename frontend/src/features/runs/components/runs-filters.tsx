import { Group, Pill, Select, Text } from '@mantine/core';

import { RUN_STATUSES, type RunStatus } from '../types';

interface RunsFiltersProps {
  status: RunStatus | null;
  onStatusChange: (status: RunStatus | null) => void;
  /** Name (or short id) of the flow the list is narrowed to, if any. */
  flowLabel: string | null;
  onFlowRemove: () => void;
}

export function RunsFilters({ status, onStatusChange, flowLabel, onFlowRemove }: RunsFiltersProps) {
  return (
    <Group gap="md" align="center">
      <Select
        aria-label="Status"
        placeholder="Any status"
        data={RUN_STATUSES.map((s) => ({ value: s, label: s }))}
        value={status}
        onChange={(value) => {
          onStatusChange(RUN_STATUSES.find((s) => s === value) ?? null);
        }}
        clearable
        w={180}
        comboboxProps={{ withinPortal: true }}
      />
      {flowLabel && (
        <Group gap={6}>
          <Text size="sm" c="dimmed">
            Flow:
          </Text>
          <Pill
            withRemoveButton
            onRemove={onFlowRemove}
            size="md"
            // Pill hides its remove button from assistive tech (it expects to live in an input
            // that handles Backspace); standing alone, it must be a real, focusable button.
            removeButtonProps={{ 'aria-label': 'Remove flow filter', 'aria-hidden': false, tabIndex: 0 }}
          >
            {flowLabel}
          </Pill>
        </Group>
      )}
    </Group>
  );
}
