/**
 * Run and step statuses as the API names them, and the one colour each is shown in
 * (Mantine palette names), so badges, stat cards and charts agree everywhere.
 */
export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

export const STATUS_COLORS: Record<string, string> = {
  succeeded: 'green',
  failed: 'red',
  skipped: 'yellow',
  cancelled: 'gray',
  running: 'blue',
  waiting: 'cyan',
  queued: 'indigo',
  unknown: 'orange',
};

export function statusColor(status: string): string {
  return STATUS_COLORS[status] ?? 'gray';
}

export function isRunStatus(value: string | null): value is RunStatus {
  return value !== null && (RUN_STATUSES as readonly string[]).includes(value);
}

/** A run still moving: it may change on the next poll, and it can be cancelled. */
export function isRunActive(status: string): boolean {
  return status === 'queued' || status === 'running' || status === 'waiting';
}
