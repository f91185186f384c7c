import type { RJSFSchema } from '@rjsf/utils';

/** A block's manifest from GET /api/blocks/: everything the editor knows about a block. */
export interface BlockManifest {
  key: string;
  connector: string;
  kind: 'trigger' | 'action';
  title: string;
  description: string;
  icon: string;
  /** Connector key of the credential the block needs, the keys of the kinds it accepts, or null. */
  credential: string | string[] | null;
  /** Every credential kind (connector key) the block accepts; empty when it takes none. */
  credential_kinds?: string[];
  /** False when the block also runs without a credential (core.http_request). */
  credential_required?: boolean;
  ports: string[];
  /** Config fields that hold a bare JSONata expression (no `{{ }}` needed). */
  expression_fields: string[];
  idempotent: boolean;
  config_schema: RJSFSchema;
  output_schema: RJSFSchema;
  sample: unknown;
}

export interface Connector {
  key: string;
  title: string;
  description: string;
  icon: string;
  credential_schema: RJSFSchema | null;
  blocks: BlockManifest[];
}

export interface Credential {
  id: string;
  name: string;
  connector: string;
  created_at: string;
  updated_at: string;
  /** OAuth2 authorization code: whether the user has connected it; null for other kinds. */
  connected?: boolean | null;
}

export type OnError = 'fail' | 'continue' | 'port';

export interface RetryPolicy {
  max_attempts?: number;
  initial_delay_s?: number;
  backoff?: number;
  max_delay_s?: number;
}

/** One node of the flow document (docs/flow-format.md "Nodes"). */
export interface DocNode {
  id: string;
  block: string;
  block_version?: number;
  title?: string;
  notes?: string;
  config?: Record<string, unknown>;
  credential?: string | null;
  retry?: RetryPolicy;
  timeout_s?: number;
  on_error?: OnError;
}

export interface DocEdge {
  from: string;
  to: string;
  port?: string;
}

export interface FlowDocument {
  schema: 1;
  name: string;
  description?: string;
  settings?: Record<string, unknown>;
  nodes: DocNode[];
  edges: DocEdge[];
  ui?: { positions?: Record<string, [number, number]>; notes?: unknown[] };
  template?: Record<string, unknown>;
}

export interface FieldError {
  pointer: string;
  message: string;
}

export interface FlowDetail {
  id: string;
  name: string;
  active: boolean;
  version: number | null;
  trigger_block: string | null;
  webhook_url: string | null;
  document: FlowDocument | null;
  /** Validation errors of the current (draft) version; empty when valid. */
  errors: FieldError[];
}

export interface FlowVersion {
  number: number;
  checksum: string;
  created_by: string | null;
  created_at: string;
  document: FlowDocument;
}

export interface RunStep {
  node_id: string;
  block: string;
  status: string;
  input: unknown;
  output: unknown;
  port: string | null;
  error: unknown;
  attempt: number;
}

export interface RunSummary {
  id: string;
  status: string;
  is_test: boolean;
  created_at: string;
}

export interface RunDetail extends RunSummary {
  trigger: unknown;
  steps: RunStep[];
}
