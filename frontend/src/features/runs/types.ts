import type { FlowGraphData } from '@/lib/flow-graph';
import type { RunStatus } from '@/lib/run-status';

export interface RunError {
  type?: string;
  code?: string;
  message: string;
  /** The vendor's HTTP status, when the error came from an HTTP exchange. */
  status?: number;
}

export interface Run {
  id: string;
  flow: { id: string; name: string };
  flow_version: number;
  status: RunStatus;
  /** Started from the editor's "test" button rather than a real event. */
  is_test: boolean;
  /** The run this one replays or retries. */
  replay_of: string | null;
  concurrency_key: string;
  /** A waiting run's next attempt (a retry or the end of a delay) is due then. */
  wake_at: string | null;
  cancel_requested: boolean;
  keep: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  error: RunError | null;
  /**
   * A few identifying fields of the trigger payload, e.g. "order_number 1001, email ana@example.com".
   * In list rows; the detail may leave it out.
   */
  trigger_summary?: string;
  /** StepAttempt rows across all steps (list rows only). */
  attempts?: number;
}

/** One HTTP exchange of an attempt, secrets already redacted by the server. */
export interface HttpExchange {
  method: string;
  url: string;
  status: number | null;
  duration_ms: number | null;
  /** Kept for failed tries; a try that worked keeps the request line and status only. */
  request?: { headers?: Record<string, string>; body?: unknown };
  response?: { headers?: Record<string, string>; body?: unknown } | null;
}

export interface StepAttempt {
  number: number;
  outcome: string;
  error: unknown;
  log: HttpExchange[];
  started_at: string;
  finished_at: string;
  duration_ms: number;
}

export interface Step {
  /** A number from the backend today; treated as opaque. */
  id: number | string;
  /** Node id, plus an iteration path inside loops. */
  key: string;
  node_id: string;
  block: string;
  /** Same vocabulary as a run's status plus "unknown"; kept open so a new status still renders. */
  status: string;
  input: unknown;
  output: unknown;
  /** Output port the step left through, e.g. "main" or "error". */
  port: string | null;
  error: unknown;
  attempt: number;
  idempotency_key: string;
  /** Carried over from the replayed run, not executed again. */
  copied: boolean;
  next_attempt_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  attempts: StepAttempt[];
}

export interface RunDetail extends Run {
  /** The trigger's output: the event that started the run. */
  trigger: unknown;
  /** In execution order. */
  steps: Step[];
  /** The graph of the flow version this run ran, drawn with each node's step status. */
  graph: FlowGraphData;
}

/** What POST replay/retry answer: the new run. */
export interface RunCreated {
  run_id: string;
  status: RunStatus;
}
