import { Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';

import { RUN_STATUSES } from '@/lib/run-status';

import { useFlowChoices } from '../api/get-flow-choices';
import { fromLocalInput, toLocalInput, type RunsFilter } from '../lib/runs-filter';

interface TimeFilterProps {
  label: string;
  value: string | null;
  onChange: (iso: string | null) => void;
}

/** One end of the time range, edited in the browser's zone and kept as an ISO instant. */
function TimeFilter({ label, value, onChange }: TimeFilterProps) {
  return (
    <TextInput
      label={label}
      type="datetime-local"
      value={toLocalInput(value)}
      onChange={(event) => {
        onChange(fromLocalInput(event.currentTarget.value));
      }}
      w={210}
    />
  );
}

interface RunsFiltersProps {
  filter: RunsFilter;
  onChange: (key: keyof RunsFilter, value: string | null) => void;
}

/** Flow, status, time range and payload search; each change lands in the page's query string. */
export function RunsFilters({ filter, onChange }: RunsFiltersProps) {
  const flows = useFlowChoices();
  const [search, setSearch] = useState(filter.search ?? '');
  const commitSearch = useDebouncedCallback((value: string) => {
    onChange('search', value.trim() || null);
  }, 400);

  const flowOptions = (flows.data ?? []).map((flow) => ({ value: flow.id, label: flow.name }));
  // A flow id from a link that is not in the list (deleted, or the list still loading) still shows.
  if (filter.flow && !flowOptions.some((o) => o.value === filter.flow)) {
    flowOptions.unshift({ value: filter.flow, label: filter.flow.slice(0, 8) });
  }

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label="Search payloads"
        placeholder="Order number or email"
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          commitSearch(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            commitSearch.flush();
          }
        }}
        w={240}
        data-testid="runs-search"
      />
      <Select
        label="Flow"
        placeholder="Any flow"
        data={flowOptions}
        value={filter.flow}
        onChange={(value) => {
          onChange('flow', value);
        }}
        searchable
        clearable
        w={220}
        data-testid="runs-flow-filter"
      />
      <Select
        label="Status"
        placeholder="Any status"
        data={RUN_STATUSES.map((s) => ({ value: s, label: s }))}
        value={filter.status}
        onChange={(value) => {
          onChange('status', value);
        }}
        clearable
        w={150}
        data-testid="runs-status-filter"
      />
      <TimeFilter
        label="Created from"
        value={filter.since}
        onChange={(iso) => {
          onChange('since', iso);
        }}
      />
      <TimeFilter
        label="Created before"
        value={filter.until}
        onChange={(iso) => {
          onChange('until', iso);
        }}
      />
    </Group>
  );
}
