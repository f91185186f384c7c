import { useMantineTheme } from '@mantine/core';
import { memo } from 'react';

import { BOX, graphLayout } from '../lib/graph-layout';
import type { FlowDocument } from '../types';

/** The connector a block belongs to, e.g. "shopify" for "shopify.order_paid". */
const connectorOf = (block: string) => block.split('.')[0] ?? block;

const CONNECTOR_COLORS: Record<string, string> = { shopify: 'green', stripe: 'violet', core: 'gray' };

/** A small read-only picture of a flow: one box a node, curved lines for the edges. */
export const GraphPreview = memo(function GraphPreview({ document, title }: { document: FlowDocument; title: string }) {
  const theme = useMantineTheme();
  const layout = graphLayout(document);
  const color = (block: string) => theme.colors[CONNECTOR_COLORS[connectorOf(block)] ?? 'blue'] ?? theme.colors.blue;

  return (
    <svg
      viewBox={layout.viewBox}
      width="100%"
      height={120}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={`Graph of ${title}: ${layout.nodes.map((n) => n.label).join(', ')}`}
      data-testid="graph-preview"
    >
      {layout.edges.map((edge) => (
        <path
          key={`${edge.from}-${edge.to}`}
          d={edge.path}
          fill="none"
          stroke={theme.colors.gray[5]}
          strokeWidth={3}
        />
      ))}
      {layout.nodes.map((node) => (
        <g key={node.id} transform={`translate(${node.x},${node.y})`}>
          <rect
            width={BOX.width}
            height={BOX.height}
            rx={10}
            fill={color(node.block)[0]}
            stroke={color(node.block)[6]}
            strokeWidth={2.5}
          />
          <text x={12} y={22} fontSize={18} fontWeight={600} fill={theme.colors.dark[7]}>
            {node.label.length > 16 ? `${node.label.slice(0, 15)}…` : node.label}
          </text>
          <text x={12} y={42} fontSize={13} fill={theme.colors.gray[7]}>
            {node.block.length > 22 ? `${node.block.slice(0, 21)}…` : node.block}
          </text>
        </g>
      ))}
    </svg>
  );
});
