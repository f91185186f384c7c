export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'skipped'] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunError {
  type: string;
  code: string;
  message: string;
}

export interface Run {
  id: string;
  flow: { id: string; name: string };
  flow_version: number;
  status: RunStatus;
  /** Started from the editor's "test" button rather than a real event. */
  is_test: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  error: RunError | null;
}

export interface Step {
  /** A number from the backend today; treated as opaque. */
  id: number | string;
  node_id: string;
  block: string;
  /** Same vocabulary as a run's status; kept open so a new backend status still renders. */
  status: string;
  input: unknown;
  output: unknown;
  /** Output port the step left through, e.g. "out" or "error". */
  port: string | null;
  error: unknown;
  attempt: number;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

export interface RunDetail extends Run {
  /** The trigger's output: the event that started the run. */
  trigger: unknown;
  /** In execution order. */
  steps: Step[];
}

export function isRunStatus(value: string | null): value is RunStatus {
  return value !== null && (RUN_STATUSES as readonly string[]).includes(value);
}

export function isRunFinished(status: string): boolean {
  return status !== 'queued' && status !== 'running';
}
