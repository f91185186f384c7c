/** The parts of a flow document a template preview and the credential step read. */
export interface FlowDocumentNode {
  id: string;
  block: string;
  title?: string;
  credential?: string | null;
  [key: string]: unknown;
}

export interface FlowDocument {
  name: string;
  nodes: FlowDocumentNode[];
  edges: { from: string; to: string; port?: string }[];
  ui?: { positions?: Record<string, [number, number]>; notes?: unknown[] };
  [key: string]: unknown;
}

export interface Template {
  slug: string;
  title: string;
  /** What the flow does, in one sentence. */
  description: string;
  /** Connector keys the flow needs credentials or simulators for, e.g. ["shopify", "stripe"]. */
  connectors: string[];
  document: FlowDocument;
}

/** POST /api/templates/{slug}/use/: the new draft flow, and which nodes still need a credential. */
export interface UsedTemplate {
  id: string;
  name: string;
  document: FlowDocument;
  errors: { pointer: string; message: string }[];
  credentials_needed: { node_id: string; connector: string }[];
}

export interface Credential {
  id: string;
  name: string;
  connector: string;
  data: Record<string, unknown>;
  secrets_set: string[];
  created_at: string;
}
