import { Badge, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect } from 'react';

import { statusColor } from '@/lib/run-status';

import { useEditorContext } from '../hooks/editor-context';
import type { BlockNodeType } from '../lib/document';
import { nodePorts } from '../lib/graph';
import { BlockIcon } from './block-icon';

const WIDTH = 220;

/** One renderer for every block: all it knows about a block comes from its manifest. */
function BlockNodeView({ id, data, selected }: NodeProps<BlockNodeType>) {
  const { blocks, steps, errors } = useEditorContext();
  const manifest = blocks.get(data.doc.block);
  const ports = nodePorts(manifest?.ports, data.doc.on_error);
  const status = steps.get(id)?.status;
  const problems = errors.nodes[id]?.messages ?? [];
  const updateNodeInternals = useUpdateNodeInternals();
  const portKey = ports.join(',');

  // Handles changed (on_error switched to "port"): React Flow must re-measure them.
  useEffect(() => {
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);

  const border =
    problems.length > 0 ? 'red-6' : status ? `${statusColor(status)}-6` : selected ? 'indigo-6' : 'gray-4';
  return (
    <Paper
      withBorder
      shadow={selected ? 'md' : 'xs'}
      p="xs"
      w={WIDTH}
      style={{ borderColor: `var(--mantine-color-${border})`, borderWidth: 2 }}
      data-testid="block-node"
      data-node-id={id}
      data-status={status ?? ''}
      data-invalid={problems.length > 0 ? 'true' : 'false'}
    >
      {manifest?.kind !== 'trigger' && <Handle type="target" position={Position.Left} />}
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <BlockIcon icon={manifest?.icon} connector={manifest?.connector ?? data.doc.block.split('.')[0] ?? ''} />
        <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={600} truncate="end">
            {data.doc.title || manifest?.title || data.doc.block}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {manifest ? `${manifest.connector} · ${manifest.title}` : `unknown block ${data.doc.block}`} · {id}
          </Text>
        </Stack>
      </Group>
      <Group gap={4} mt={6} justify="flex-end" mih={18}>
        {problems.length > 0 && (
          <Tooltip label={problems.join('\n')} multiline maw={320} withArrow>
            <Badge color="red" size="xs" data-testid="node-error-badge">
              {problems.length} {problems.length === 1 ? 'error' : 'errors'}
            </Badge>
          </Tooltip>
        )}
        {status && (
          <Badge color={statusColor(status)} size="xs" variant="light" data-testid="node-status">
            {status}
          </Badge>
        )}
      </Group>
      {ports.map((port, index) => (
        <Handle
          key={port}
          type="source"
          id={port}
          position={Position.Right}
          style={{ top: `${((index + 1) * 100) / (ports.length + 1)}%`, background: port === 'error' ? 'var(--mantine-color-red-6)' : undefined }}
          data-port={port}
        >
          {ports.length > 1 && (
            <Text size="9px" c="dimmed" style={{ position: 'absolute', left: 10, top: -6, pointerEvents: 'none' }}>
              {port}
            </Text>
          )}
        </Handle>
      ))}
    </Paper>
  );
}

export const BlockNode = memo(BlockNodeView);
