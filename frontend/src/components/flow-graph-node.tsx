import { Badge, Paper, Text } from '@mantine/core';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';

import { NOT_REACHED, statusText, type GraphNodeType } from '@/lib/flow-graph';
import { statusColor } from '@/lib/run-status';

export const GRAPH_NODE_WIDTH = 180;

/** Without statuses a node takes its connector's colour, as in the block palette. */
const CONNECTOR_COLORS: Record<string, string> = { shopify: 'green', stripe: 'violet', core: 'gray' };

function nodeColor(block: string, status: string | undefined): string {
  if (status !== undefined) return statusColor(status);
  return CONNECTOR_COLORS[block.split('.')[0] ?? ''] ?? 'blue';
}

/** Handles only anchor the edges: nothing connects in a read-only graph. */
const HIDDEN_HANDLE = { opacity: 0, pointerEvents: 'none' } as const;

/** One node of a read-only graph: its title, its block and, in a run, its step status in words. */
function FlowGraphNodeView({ data, selected }: NodeProps<GraphNodeType>) {
  const { label, block, status } = data;
  const color = nodeColor(block, status);
  const notReached = status === NOT_REACHED;
  return (
    <Paper
      withBorder
      p={8}
      w={GRAPH_NODE_WIDTH}
      shadow={selected ? 'md' : undefined}
      bg={notReached ? 'white' : `${color}.0`}
      style={{
        borderColor: `var(--mantine-color-${color}-${notReached ? 4 : 6})`,
        borderWidth: selected ? 3 : 2,
        borderStyle: notReached ? 'dashed' : 'solid',
        opacity: notReached ? 0.75 : 1,
      }}
      data-testid="graph-node"
      data-status={status}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} style={HIDDEN_HANDLE} />
      <Text size="sm" fw={600} truncate="end">
        {label}
      </Text>
      <Text size="xs" c="dimmed" truncate="end">
        {block}
      </Text>
      {status !== undefined && (
        <Badge
          mt={4}
          size="xs"
          color={color}
          variant={notReached ? 'outline' : 'filled'}
          data-testid="graph-node-status"
        >
          {statusText(status)}
        </Badge>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} style={HIDDEN_HANDLE} />
    </Paper>
  );
}

export const FlowGraphNode = memo(FlowGraphNodeView);
