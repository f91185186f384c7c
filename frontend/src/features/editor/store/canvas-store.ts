/**
 * The canvas store: nodes, edges, the changes React Flow reports, and undo/redo.
 *
 * One small slice on purpose (style habit 14): saving, run status and errors live in their own
 * hooks, so a keystroke in a form does not re-render the whole editor.
 */
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { create } from 'zustand';

import {
  documentToCanvas,
  edgeId,
  MAIN_PORT,
  nextNodeId,
  type BlockData,
  type BlockNodeType,
  type DocumentMeta,
} from '../lib/document';
import type { FlowDocument } from '../types';

interface Snapshot {
  meta: DocumentMeta;
  nodes: BlockNodeType[];
  edges: Edge[];
}

const HISTORY_LIMIT = 100;
/** Changes this close together are one step of history (a node delete removes its edges too). */
const COALESCE_MS = 300;
const PASTE_OFFSET = 40;

export interface CanvasState extends Snapshot {
  past: Snapshot[];
  future: Snapshot[];
  clipboard: { nodes: BlockNodeType[]; edges: Edge[] } | null;
  /** Which flow the store holds: its id, "new" for an unsaved one, or null before loading. */
  flowKey: string | null;
  /** Bumped on every edit; compared with `savedRevision` to know about unsaved changes. */
  revision: number;
  savedRevision: number;
  /** The id a new flow got on its first save: the editor adopts it without reloading. */
  createdId: string | null;
  lastSnapshot: { at: number; key: string };
  load: (document: FlowDocument, flowKey: string) => void;
  /** Replaces the whole document as one undoable edit (restoring a version). */
  replace: (document: FlowDocument) => void;
  markSaved: (revision: number) => void;
  /** Records that the new flow on the canvas was saved as `id`. */
  markCreated: (revision: number, id: string) => void;
  /** The canvas now belongs to the flow `id` it was created as. */
  adopt: (id: string) => void;
  unload: () => void;
  /** Records the current state for undo; `key` coalesces a burst of similar edits (typing). */
  checkpoint: (key?: string) => void;
  onNodesChange: (changes: NodeChange<BlockNodeType>[]) => void;
  onEdgesChange: (changes: EdgeChange[]) => void;
  connect: (connection: Connection) => void;
  addBlock: (block: string, position: XYPosition, after?: string) => string;
  updateNode: (id: string, doc: Partial<BlockData['doc']>) => void;
  /**
   * Sets a node's failure handling and, as the same undoable edit, removes the edges that leave
   * it from a port it no longer has (`ports`: the ports it shows afterwards). Returns how many.
   */
  setOnError: (id: string, onError: BlockData['doc']['on_error'], ports: string[]) => number;
  setName: (name: string) => void;
  deleteSelected: () => void;
  copySelected: () => void;
  paste: () => void;
  undo: () => void;
  redo: () => void;
}

function snapshot(state: Snapshot): Snapshot {
  return { meta: state.meta, nodes: state.nodes, edges: state.edges };
}

export const useCanvasStore = create<CanvasState>()((set, get) => {
  /** Applies an edit after recording the state before it. */
  const edit = (key: string, change: (state: CanvasState) => Partial<Snapshot>) => {
    get().checkpoint(key);
    set((state) => ({ ...change(state), revision: state.revision + 1 }));
  };

  return {
    meta: { schema: 1, name: 'Untitled flow' },
    nodes: [],
    edges: [],
    past: [],
    future: [],
    clipboard: null,
    flowKey: null,
    revision: 0,
    savedRevision: 0,
    createdId: null,
    lastSnapshot: { at: 0, key: '' },

    load: (document, flowKey) => {
      const canvas = documentToCanvas(document);
      set({
        ...canvas,
        flowKey,
        createdId: null,
        past: [],
        future: [],
        revision: 0,
        savedRevision: 0,
        lastSnapshot: { at: 0, key: '' },
      });
    },

    replace: (document) => {
      edit('replace', () => documentToCanvas(document));
    },

    markSaved: (revision) => {
      set({ savedRevision: revision });
    },

    markCreated: (revision, id) => {
      set({ savedRevision: revision, createdId: id });
    },

    adopt: (id) => {
      set({ flowKey: id, createdId: null });
    },

    unload: () => {
      set({ flowKey: null, createdId: null, nodes: [], edges: [], past: [], future: [] });
    },

    checkpoint: (key = 'edit') => {
      const now = Date.now();
      const { lastSnapshot } = get();
      if (lastSnapshot.key === key && now - lastSnapshot.at < COALESCE_MS) {
        set({ lastSnapshot: { at: now, key } });
        return;
      }
      set((state) => ({
        past: [...state.past, snapshot(state)].slice(-HISTORY_LIMIT),
        future: [],
        lastSnapshot: { at: now, key },
      }));
    },

    onNodesChange: (changes) => {
      // Selection and measuring are not edits; moves are recorded once, when the drag starts.
      const removes = changes.some((c) => c.type === 'remove');
      const dragStart = changes.some((c) => c.type === 'position' && c.dragging === true);
      const edits = removes || changes.some((c) => c.type === 'position' && c.dragging === false) || dragStart;
      if (removes) get().checkpoint('delete');
      else if (dragStart) get().checkpoint('move');
      set((state) => ({
        nodes: applyNodeChanges(changes, state.nodes),
        revision: edits ? state.revision + 1 : state.revision,
      }));
    },

    onEdgesChange: (changes) => {
      const removes = changes.some((c) => c.type === 'remove');
      if (removes) get().checkpoint('delete');
      set((state) => ({
        edges: applyEdgeChanges(changes, state.edges),
        revision: removes ? state.revision + 1 : state.revision,
      }));
    },

    connect: (connection) => {
      const port = connection.sourceHandle ?? MAIN_PORT;
      edit('connect', (state) => ({
        edges: addEdge(
          { ...connection, sourceHandle: port, id: edgeId({ from: connection.source, to: connection.target, port }) },
          state.edges,
        ),
      }));
    },

    addBlock: (block, position, after) => {
      const id = nextNodeId(
        block,
        get().nodes.map((n) => n.id),
      );
      edit('add', (state) => {
        const node: BlockNodeType = { id, type: 'block', position, data: { doc: { block, config: {} } }, selected: true };
        const nodes = [...state.nodes.map((n) => ({ ...n, selected: false })), node];
        const edges = after
          ? addEdge({ id: edgeId({ from: after, to: id }), source: after, target: id, sourceHandle: MAIN_PORT, targetHandle: null }, state.edges)
          : state.edges;
        return { nodes, edges };
      });
      return id;
    },

    updateNode: (id, doc) => {
      edit(`node:${id}`, (state) => ({
        nodes: state.nodes.map((n) => (n.id === id ? { ...n, data: { doc: { ...n.data.doc, ...doc } } } : n)),
      }));
    },

    setOnError: (id, onError, ports) => {
      const gone = new Set(
        get()
          .edges.filter((e) => e.source === id && !ports.includes(e.sourceHandle ?? MAIN_PORT))
          .map((e) => e.id),
      );
      edit(`on_error:${id}`, (state) => ({
        nodes: state.nodes.map((n) => (n.id === id ? { ...n, data: { doc: { ...n.data.doc, on_error: onError } } } : n)),
        edges: gone.size > 0 ? state.edges.filter((e) => !gone.has(e.id)) : state.edges,
      }));
      return gone.size;
    },

    setName: (name) => {
      edit('name', (state) => ({ meta: { ...state.meta, name } }));
    },

    deleteSelected: () => {
      const { nodes, edges } = get();
      const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
      if (gone.size === 0 && !edges.some((e) => e.selected)) return;
      edit('delete', (state) => ({
        nodes: state.nodes.filter((n) => !gone.has(n.id)),
        edges: state.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target)),
      }));
    },

    copySelected: () => {
      const { nodes, edges } = get();
      const picked = nodes.filter((n) => n.selected);
      if (picked.length === 0) return;
      const ids = new Set(picked.map((n) => n.id));
      set({ clipboard: { nodes: picked, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)) } });
    },

    paste: () => {
      const { clipboard } = get();
      if (!clipboard) return;
      edit('paste', (state) => {
        const taken = state.nodes.map((n) => n.id);
        const renamed = new Map<string, string>();
        for (const node of clipboard.nodes) {
          const id = nextNodeId(node.data.doc.block, [...taken, ...renamed.values()]);
          renamed.set(node.id, id);
        }
        const pasted = clipboard.nodes.map((node) => ({
          ...node,
          id: renamed.get(node.id) as string,
          position: { x: node.position.x + PASTE_OFFSET, y: node.position.y + PASTE_OFFSET },
          selected: true,
        }));
        const pastedEdges = clipboard.edges.map((edge) => {
          const from = renamed.get(edge.source) as string;
          const to = renamed.get(edge.target) as string;
          const port = edge.sourceHandle ?? MAIN_PORT;
          return { ...edge, id: edgeId({ from, to, port }), source: from, target: to, selected: false };
        });
        return {
          nodes: [...state.nodes.map((n) => ({ ...n, selected: false })), ...pasted],
          edges: [...state.edges, ...pastedEdges],
        };
      });
    },

    undo: () => {
      const { past } = get();
      const previous = past.at(-1);
      if (!previous) return;
      set((state) => ({
        ...previous,
        past: state.past.slice(0, -1),
        future: [snapshot(state), ...state.future],
        revision: state.revision + 1,
        lastSnapshot: { at: 0, key: '' },
      }));
    },

    redo: () => {
      const { future } = get();
      const next = future[0];
      if (!next) return;
      set((state) => ({
        ...next,
        past: [...state.past, snapshot(state)],
        future: state.future.slice(1),
        revision: state.revision + 1,
        lastSnapshot: { at: 0, key: '' },
      }));
    },
  };
});
