import { memo, useMemo } from 'react';

import { FlowGraph } from '@/components/flow-graph';

import type { FlowDocument } from '../types';

/** A small read-only picture of a template's flow, nodes in their connector's colour. */
export const GraphPreview = memo(function GraphPreview({ document, title }: { document: FlowDocument; title: string }) {
  const graph = useMemo(
    () => ({ nodes: document.nodes, edges: document.edges, positions: document.ui?.positions }),
    [document],
  );
  return <FlowGraph graph={graph} label={`Graph of ${title}`} height={120} data-testid="graph-preview" />;
});
