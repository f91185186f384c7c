/**
 * A flow's graph as read-only pictures draw it (a template preview, a run's path): nodes, edges
 * and the editor's saved positions, and how they become React Flow nodes and edges.
 */
import { MarkerType, type Edge, type Node } from '@xyflow/react';

export interface FlowGraphData {
  nodes: { id: string; block: string; title?: string }[];
  edges: { from: string; to: string; port?: string }[];
  /** The editor's saved positions (`ui.positions` of the document), by node id. */
  positions?: Record<string, [number, number]>;
}

/** A node given no step status in a picture that shows statuses: the run never got there. */
export const NOT_REACHED = 'not-reached';

export interface GraphNodeData extends Record<string, unknown> {
  label: string;
  block: string;
  /** A step status, NOT_REACHED, or undefined when the picture shows no statuses. */
  status?: string;
}

export type GraphNodeType = Node<GraphNodeData, 'graph'>;

/** Distance between columns and rows, in flow units (a node is 180 wide). */
const COLUMN_GAP = 260;
const ROW_GAP = 100;

/**
 * Columns by depth: each node one column right of its deepest predecessor, rows in document
 * order within a column. Cycles cannot occur in a valid flow; a node on one is put in column 0.
 */
export function computedPositions(graph: Pick<FlowGraphData, 'nodes' | 'edges'>): Record<string, [number, number]> {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const incoming = new Map<string, string[]>();
  for (const edge of graph.edges) {
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
  for (const node of graph.nodes) {
    const column = depthOf(node.id);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions[node.id] = [column * COLUMN_GAP, row * ROW_GAP];
  }
  return positions;
}

/** The editor's saved positions when every node has one, else computed ones. */
export function graphPositions(graph: FlowGraphData): Record<string, [number, number]> {
  const saved = graph.positions ?? {};
  const complete = graph.nodes.length > 0 && graph.nodes.every((n) => Array.isArray(saved[n.id]));
  return complete ? saved : computedPositions(graph);
}

/**
 * React Flow nodes and edges for a graph. With `statuses` (node id → step status) every node
 * carries a status, NOT_REACHED for one without a step; without, none does.
 */
export function toGraphElements(
  graph: FlowGraphData,
  { statuses, selected }: { statuses?: Record<string, string>; selected?: string | null } = {},
): { nodes: GraphNodeType[]; edges: Edge[] } {
  const positions = graphPositions(graph);
  const nodes = graph.nodes.map((node): GraphNodeType => {
    const [x, y] = positions[node.id] ?? [0, 0];
    const label = node.title || node.id;
    const status = statuses ? (statuses[node.id] ?? NOT_REACHED) : undefined;
    return {
      id: node.id,
      type: 'graph',
      position: { x, y },
      data: { label, block: node.block, status },
      selected: node.id === selected,
      // What the colour says, for a screen reader: "Map order: failed".
      ariaLabel: status ? `${label}: ${statusText(status)}` : label,
    };
  });
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges
    .filter((edge) => ids.has(edge.from) && ids.has(edge.to))
    .map((edge): Edge => {
      const port = edge.port ?? 'main';
      return {
        id: `${edge.from}:${port}->${edge.to}`,
        source: edge.from,
        target: edge.to,
        markerEnd: { type: MarkerType.ArrowClosed },
        // Ports are not handles here: a branch is told by its label.
        label: port === 'main' ? undefined : port,
        style: port === 'error' ? { stroke: 'var(--mantine-color-red-4)', strokeDasharray: '4 3' } : undefined,
      };
    });
  return { nodes, edges };
}

/** A status as words: "not reached" for NOT_REACHED, the API's word otherwise. */
export function statusText(status: string): string {
  return status === NOT_REACHED ? 'not reached' : status;
}
