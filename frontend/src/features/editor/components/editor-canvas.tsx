import { Alert } from '@mantine/core';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';

import { useEditorContext } from '../hooks/editor-context';
import { BLOCK_DRAG_TYPE } from '../lib/dnd';
import { connectionProblem } from '../lib/graph';
import { useCanvasStore } from '../store/canvas-store';
import { BlockNode } from './block-node';

/** At module scope: a new object on each render would make React Flow remount every node. */
const nodeTypes: NodeTypes = { block: BlockNode };

const REFUSAL_MS = 5_000;

export function EditorCanvas({ onAddBlock }: { onAddBlock: (block: string, position: { x: number; y: number }) => void }) {
  const nodes = useCanvasStore((s) => s.nodes);
  const edges = useCanvasStore((s) => s.edges);
  const onNodesChange = useCanvasStore((s) => s.onNodesChange);
  const onEdgesChange = useCanvasStore((s) => s.onEdgesChange);
  const connect = useCanvasStore((s) => s.connect);
  const { blocks, errors } = useEditorContext();
  const { screenToFlowPosition } = useReactFlow();
  const [refusal, setRefusal] = useState<string | null>(null);
  // Fit an opened flow once; on an empty canvas, fitting would jump to the first dropped node.
  const [fitOnOpen] = useState(() => nodes.length > 0);

  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => {
      setRefusal(null);
    }, REFUSAL_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [refusal]);

  const isValidConnection = useCallback<IsValidConnection>(
    (connection) => connectionProblem(connection, nodes, edges, blocks) === null,
    [nodes, edges, blocks],
  );

  // React Flow only reports that a drop was invalid; say why, next to the canvas. A trigger has
  // no input handle at all, so a drop on it is found from the element under the pointer.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.fromNode || state.isValid === true) return;
      const dropped = event.target instanceof Element ? event.target.closest('.react-flow__node') : null;
      const target = state.toNode?.id ?? dropped?.getAttribute('data-id');
      if (!target || target === state.fromNode.id) return;
      const reason = connectionProblem(
        { source: state.fromNode.id, target, sourceHandle: state.fromHandle.id ?? null },
        nodes,
        edges,
        blocks,
      );
      if (reason) setRefusal(reason);
    },
    [nodes, edges, blocks],
  );

  const shownEdges = useMemo<Edge[]>(
    () =>
      edges.map((edge) => {
        const problems = errors.edges[edge.id];
        const port = edge.sourceHandle ?? 'main';
        const label = problems ? problems.join('; ') : port === 'main' ? undefined : port;
        if (!problems && !label) return edge;
        return {
          ...edge,
          label,
          style: problems ? { stroke: 'var(--mantine-color-red-6)', strokeWidth: 2 } : undefined,
          labelStyle: problems ? { fill: 'var(--mantine-color-red-7)' } : undefined,
        };
      }),
    [edges, errors],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(BLOCK_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const block = event.dataTransfer.getData(BLOCK_DRAG_TYPE);
      if (!block) return;
      event.preventDefault();
      onAddBlock(block, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [onAddBlock, screenToFlowPosition],
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={shownEdges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={connect}
      onConnectEnd={onConnectEnd}
      isValidConnection={isValidConnection}
      onDrop={onDrop}
      onDragOver={onDragOver}
      deleteKeyCode={['Delete', 'Backspace']}
      fitView={fitOnOpen}
      fitViewOptions={{ maxZoom: 1 }}
      minZoom={0.2}
      proOptions={{ hideAttribution: true }}
      data-testid="editor-canvas"
    >
      <Background gap={16} />
      <Controls />
      <MiniMap pannable zoomable ariaLabel="Mini map" />
      {refusal && (
        <Panel position="top-center">
          <Alert color="orange" title="Connection refused" withCloseButton onClose={() => { setRefusal(null); }} role="alert" data-testid="connection-refused">
            {refusal}
          </Alert>
        </Panel>
      )}
    </ReactFlow>
  );
}
