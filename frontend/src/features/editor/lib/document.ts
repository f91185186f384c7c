/**
 * The flow document (docs/flow-format.md) and the canvas (React Flow nodes and edges) are two
 * views of one thing; these pure functions turn one into the other without losing fields the
 * canvas does not show (notes, timeout_s, settings, ...).
 */
import type { Edge, Node } from '@xyflow/react';

import type { DocEdge, DocNode, FlowDocument } from '../types';

/** What a canvas node carries: its document node without the id (the React Flow id is the node id). */
export interface BlockData extends Record<string, unknown> {
  doc: Omit<DocNode, 'id'>;
}

export type BlockNodeType = Node<BlockData, 'block'>;

/** Document fields outside nodes and edges, kept as they are across edits. */
export type DocumentMeta = Omit<FlowDocument, 'nodes' | 'edges'>;

export interface Canvas {
  meta: DocumentMeta;
  nodes: BlockNodeType[];
  edges: Edge[];
}

export const MAIN_PORT = 'main';
const NODE_ID = /^[a-z][a-z0-9_]{0,62}$/;
/** Where a node without a saved position goes: a row, left to right. */
const AUTO_STEP_X = 260;

export function edgeId(edge: DocEdge): string {
  return `${edge.from}:${edge.port ?? MAIN_PORT}->${edge.to}`;
}

export function emptyDocument(name = 'Untitled flow'): FlowDocument {
  return { schema: 1, name, nodes: [], edges: [], ui: { positions: {} } };
}

export function documentToCanvas(document: FlowDocument): Canvas {
  const { nodes, edges, ...meta } = document;
  const positions = document.ui?.positions ?? {};
  return {
    meta,
    nodes: nodes.map(({ id, ...doc }, index) => {
      const [x, y] = positions[id] ?? [index * AUTO_STEP_X, 0];
      return { id, type: 'block', position: { x, y }, data: { doc } };
    }),
    edges: edges.map((edge) => ({
      id: edgeId(edge),
      source: edge.from,
      target: edge.to,
      sourceHandle: edge.port ?? MAIN_PORT,
    })),
  };
}

export function canvasToDocument({ meta, nodes, edges }: Canvas): FlowDocument {
  const positions: Record<string, [number, number]> = {};
  for (const node of nodes) positions[node.id] = [Math.round(node.position.x), Math.round(node.position.y)];
  return {
    ...meta,
    nodes: nodes.map((node) => ({ id: node.id, ...node.data.doc })),
    edges: edges.map((edge) => {
      const port = edge.sourceHandle ?? MAIN_PORT;
      return port === MAIN_PORT ? { from: edge.source, to: edge.target } : { from: edge.source, to: edge.target, port };
    }),
    ui: { ...meta.ui, positions },
  };
}

/**
 * A fresh node id from a block key: `core.http_request` gives `http_request`, then
 * `http_request_2`, ... Ids are slugs (`^[a-z][a-z0-9_]{0,62}$`) that expressions read as `steps.<id>`.
 */
export function nextNodeId(blockKey: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const name = blockKey.split('.').pop() ?? blockKey;
  let base = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').slice(0, 56);
  if (!NODE_ID.test(base)) base = 'node';
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
