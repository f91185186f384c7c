import { Box } from '@mantine/core';
import { Controls, ReactFlow, type NodeMouseHandler, type NodeTypes, type OnNodesChange } from '@xyflow/react';
import { useCallback, useMemo } from 'react';

import { toGraphElements, type FlowGraphData, type GraphNodeType } from '@/lib/flow-graph';

import { FlowGraphNode } from './flow-graph-node';

/** At module scope: a new object on each render would make React Flow remount every node. */
const nodeTypes: NodeTypes = { graph: FlowGraphNode };
const FIT_VIEW = { padding: 0.1, maxZoom: 1 };
const PRO_OPTIONS = { hideAttribution: true };

interface FlowGraphProps {
  graph: FlowGraphData;
  /** What the picture is, for a screen reader: "Graph of Order to ERP". */
  label: string;
  height: number;
  /** Node id → step status. Given, each node shows its status (or "not reached") in colour and words. */
  statuses?: Record<string, string>;
  selected?: string | null;
  /** Given, a node can be chosen by click or by keyboard (Tab, then Enter), and the graph panned and zoomed. */
  onSelect?: (nodeId: string) => void;
  'data-testid'?: string;
}

/**
 * A read-only picture of a flow: no dragging, no connecting. The editor has its own canvas;
 * this one serves every page that only shows a flow.
 */
export function FlowGraph({ graph, label, height, statuses, selected, onSelect, ...rest }: FlowGraphProps) {
  const { nodes, edges } = useMemo(() => toGraphElements(graph, { statuses, selected }), [graph, statuses, selected]);
  const interactive = onSelect !== undefined;

  const onNodeClick = useCallback<NodeMouseHandler<GraphNodeType>>(
    (_event, node) => {
      onSelect?.(node.id);
    },
    [onSelect],
  );
  // Enter on a focused node selects it; the nodes are controlled, so the change is only a signal.
  const onNodesChange = useCallback<OnNodesChange<GraphNodeType>>(
    (changes) => {
      for (const change of changes) if (change.type === 'select' && change.selected) onSelect?.(change.id);
    },
    [onSelect],
  );

  return (
    <Box
      h={height}
      role={interactive ? 'group' : 'img'}
      // A picture is read as one label; a group's nodes are read one by one.
      aria-label={interactive ? label : `${label}: ${nodes.map((n) => n.ariaLabel ?? n.id).join(', ')}`}
      data-testid={rest['data-testid']}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={interactive ? onNodeClick : undefined}
        onNodesChange={interactive ? onNodesChange : undefined}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.1}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={interactive}
        edgesFocusable={false}
        elementsSelectable={interactive}
        panOnDrag={interactive}
        // The page scrolls under the wheel; zoom is on the controls.
        zoomOnScroll={false}
        preventScrolling={false}
        zoomOnPinch={interactive}
        zoomOnDoubleClick={false}
        proOptions={PRO_OPTIONS}
      >
        {interactive && <Controls showInteractive={false} />}
      </ReactFlow>
    </Box>
  );
}
