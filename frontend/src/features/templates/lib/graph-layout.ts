import type { FlowDocument } from '../types';

/** Size of a node box and the distance between columns and rows, in layout units. */
export const BOX = { width: 180, height: 52 };
const COLUMN_GAP = 260;
const ROW_GAP = 90;
const MARGIN = 8;
/** A graph narrower than three columns is centred in this width, so a two-node flow is not drawn huge. */
const MIN_VIEW_WIDTH = 2 * COLUMN_GAP + BOX.width + 2 * MARGIN;

export interface LaidOutNode {
  id: string;
  label: string;
  block: string;
  x: number;
  y: number;
}

export interface LaidOutEdge {
  from: string;
  to: string;
  /** An SVG path from the middle of the source's right side to the middle of the target's left. */
  path: string;
}

export interface GraphLayout {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  /** The SVG viewBox that holds every box, with a small margin. */
  viewBox: string;
  width: number;
  height: number;
}

/**
 * Columns by depth: each node one column right of its deepest predecessor, rows in document
 * order within a column. Cycles cannot occur in a valid flow; a node on one is put in column 0.
 */
export function computedPositions(document: Pick<FlowDocument, 'nodes' | 'edges'>): Record<string, [number, number]> {
  const ids = new Set(document.nodes.map((n) => n.id));
  const incoming = new Map<string, string[]>();
  for (const edge of document.edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to)) continue;
    incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge.from]);
  }
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const parents = incoming.get(id) ?? [];
    const d = parents.length === 0 ? 0 : 1 + Math.max(...parents.map(depthOf));
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  const positions: Record<string, [number, number]> = {};
  for (const node of document.nodes) {
    const column = depthOf(node.id);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions[node.id] = [column * COLUMN_GAP, row * ROW_GAP];
  }
  return positions;
}

/** Where to draw each node and edge: the editor's saved positions when every node has one. */
export function graphLayout(document: Pick<FlowDocument, 'nodes' | 'edges' | 'ui'>): GraphLayout {
  const saved = document.ui?.positions ?? {};
  const complete = document.nodes.length > 0 && document.nodes.every((n) => Array.isArray(saved[n.id]));
  const positions = complete ? saved : computedPositions(document);

  const nodes = document.nodes.map((node) => {
    const [x, y] = positions[node.id] ?? [0, 0];
    return { id: node.id, label: node.title || node.id, block: node.block, x, y };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = document.edges.flatMap((edge) => {
    const source = byId.get(edge.from);
    const target = byId.get(edge.to);
    if (!source || !target) return [];
    const x1 = source.x + BOX.width;
    const y1 = source.y + BOX.height / 2;
    const x2 = target.x;
    const y2 = target.y + BOX.height / 2;
    const bend = Math.max(30, Math.abs(x2 - x1) / 2);
    return [{ from: edge.from, to: edge.to, path: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}` }];
  });

  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const minX = nodes.length ? Math.min(...xs) : 0;
  const minY = nodes.length ? Math.min(...ys) : 0;
  const graphWidth = (nodes.length ? Math.max(...xs) - minX + BOX.width : BOX.width) + 2 * MARGIN;
  const width = Math.max(graphWidth, MIN_VIEW_WIDTH);
  const height = (nodes.length ? Math.max(...ys) - minY + BOX.height : BOX.height) + 2 * MARGIN;
  const left = minX - MARGIN - (width - graphWidth) / 2;
  return { nodes, edges, viewBox: `${left} ${minY - MARGIN} ${width} ${height}`, width, height };
}
