import { Alert } from '@mantine/core';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useNodesInitialized,
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
const ERROR_PORT_STYLE = { stroke: 'var(--mantine-color-red-4)', strokeDasharray: '4 3' };

export function EditorCanvas({ onAddBlock }: { onAddBlock: (block: string, position: { x: number; y: number }) => void }) {
  const nodes = useCanvasStore((s) => s.nodes);
  const edges = useCanvasStore((s) => s.edges);
  const onNodesChange = useCanvasStore((s) => s.onNodesChange);
  const onEdgesChange = useCanvasStore((s) => s.onEdgesChange);
  const connect = useCanvasStore((s) => s.connect);
  const { blocks, errors } = useEditorContext();
  const { screenToFlowPosition, fitView } = useReactFlow();
  const [refusal, setRefusal] = useState<string | null>(null);
  // Fit an opened flow once its nodes are measured; on an empty canvas, fitting would jump to
  // the first dropped node.
  const [fitPending, setFitPending] = useState(() => nodes.length > 0);
  const nodesMeasured = useNodesInitialized();
  useEffect(() => {
    if (!fitPending || !nodesMeasured) return;
    void fitView({ maxZoom: 1, padding: 0.1 }).then(() => {
      setFitPending(false);
    });
  }, [fitPending, nodesMeasured, fitView]);

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
        // Ports are labelled on the node's handles; an edge is labelled only with its problem.
        if (!problems) return edge.sourceHandle === 'error' ? { ...edge, style: ERROR_PORT_STYLE } : edge;
        return {
          ...edge,
          label: problems.join('; '),
          style: { stroke: 'var(--mantine-color-red-6)', strokeWidth: 2 },
          labelStyle: { fill: 'var(--mantine-color-red-7)' },
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
