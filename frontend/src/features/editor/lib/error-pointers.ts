/**
 * Maps the server's JSON-pointer errors (docs/flow-format.md "Validation") onto what the editor
 * draws: a badge on the node or edge they concern, and a message on the form field.
 */
import type { ErrorSchema } from '@rjsf/utils';

import type { FieldError, FlowDocument } from '../types';

export interface NodeErrors {
  /** Every message about the node, for the badge's tooltip. */
  messages: string[];
  /** Messages under /config, shaped for rjsf's `extraErrors`. */
  config: ErrorSchema;
  /** Messages about node fields outside config (credential, retry, on_error, ...) by field name. */
  fields: Record<string, string[]>;
}

export interface MappedErrors {
  nodes: Record<string, NodeErrors>;
  /** By the edge's canvas id. */
  edges: Record<string, string[]>;
  /** Errors that concern the whole flow (no trigger, the name, ...). */
  general: FieldError[];
}

/** Splits an RFC 6901 pointer into its tokens, undoing `~1` (/) and `~0` (~). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function addConfigError(schema: ErrorSchema, path: string[], message: string): void {
  let cursor = schema as Record<string, unknown>;
  for (const key of path) {
    cursor[key] ??= {};
    cursor = cursor[key] as Record<string, unknown>;
  }
  const list = (cursor.__errors ?? []) as string[];
  cursor.__errors = [...list, message];
}

export function mapErrors(
  errors: FieldError[],
  document: Pick<FlowDocument, 'nodes' | 'edges'>,
  edgeIdOf: (edge: FlowDocument['edges'][number]) => string,
): MappedErrors {
  const mapped: MappedErrors = { nodes: {}, edges: {}, general: [] };
  for (const error of errors) {
    const [collection, index, field, ...rest] = parsePointer(error.pointer);
    const position = Number(index);
    if (collection === 'nodes' && Number.isInteger(position) && document.nodes[position]) {
      const id = document.nodes[position].id;
      const entry = (mapped.nodes[id] ??= { messages: [], config: {}, fields: {} });
      entry.messages.push(error.message);
      if (field === 'config') addConfigError(entry.config, rest, error.message);
      else if (field) entry.fields[field] = [...(entry.fields[field] ?? []), error.message];
      continue;
    }
    if (collection === 'edges' && Number.isInteger(position) && document.edges[position]) {
      const edge = document.edges[position];
      const id = edgeIdOf(edge);
      mapped.edges[id] = [...(mapped.edges[id] ?? []), error.message];
      // An edge into or out of a node is also that node's problem: show it there too.
      const nodeId = field === 'from' || field === 'port' ? edge.from : edge.to;
      const entry = (mapped.nodes[nodeId] ??= { messages: [], config: {}, fields: {} });
      entry.messages.push(error.message);
      continue;
    }
    mapped.general.push(error);
  }
  return mapped;
}
