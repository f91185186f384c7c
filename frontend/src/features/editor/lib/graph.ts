/** Wiring rules the canvas enforces before the server would refuse them. */
import type { Connection, Edge } from '@xyflow/react';

import type { BlockManifest } from '../types';

interface NodeRef {
  id: string;
  data: { doc: { block: string } };
}

/** True when an edge from `source` to `target` would close a loop (target already reaches source). */
export function createsCycle(edges: Pick<Edge, 'source' | 'target'>[], source: string, target: string): boolean {
  if (source === target) return true;
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === source) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/**
 * Why a connection is refused, or null when it is fine.
 *
 * The reason is shown to the operator, so it names the nodes the way the canvas shows them.
 */
export function connectionProblem(
  connection: Pick<Connection, 'source' | 'target'> & { sourceHandle?: string | null },
  nodes: NodeRef[],
  edges: Pick<Edge, 'source' | 'target' | 'sourceHandle'>[],
  blocks: Map<string, BlockManifest>,
): string | null {
  const { source, target } = connection;
  const targetNode = nodes.find((n) => n.id === target);
  if (!targetNode) return null;
  if (blocks.get(targetNode.data.doc.block)?.kind === 'trigger') {
    return `"${target}" is a trigger: nothing can lead into it`;
  }
  if (source === target) return 'a node cannot connect to itself';
  const port = connection.sourceHandle ?? 'main';
  if (edges.some((e) => e.source === source && e.target === target && (e.sourceHandle ?? 'main') === port)) {
    return `"${source}" is already connected to "${target}" by "${port}"`;
  }
  if (createsCycle(edges, source, target)) return `connecting "${source}" to "${target}" would make a loop`;
  return null;
}

/** Every node that can reach `nodeId` by edges (its upstream steps), nearest first. */
export function upstreamOf(edges: Pick<Edge, 'source' | 'target'>[], nodeId: string): string[] {
  const previous = new Map<string, string[]>();
  for (const edge of edges) previous.set(edge.target, [...(previous.get(edge.target) ?? []), edge.source]);
  const order: string[] = [];
  const queue = [...(previous.get(nodeId) ?? [])];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (order.includes(id) || id === nodeId) continue;
    order.push(id);
    queue.push(...(previous.get(id) ?? []));
  }
  return order;
}

/** The output ports a node shows: the block's own, plus `error` when failures are routed. */
export function nodePorts(ports: string[] | undefined, onError: string | undefined): string[] {
  const own = ports && ports.length > 0 ? ports : ['main'];
  return onError === 'port' && !own.includes('error') ? [...own, 'error'] : own;
}
