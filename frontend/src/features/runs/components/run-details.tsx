import { Paper, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';

import { FlowGraph } from '@/components/flow-graph';

import { nodeStatuses, nodeSteps, stepElementId } from '../lib/node-steps';
import type { RunDetail } from '../types';
import { JsonView } from './json-view';
import { RunSteps } from './run-steps';

/**
 * The run's path drawn on its flow's graph, its steps, and its trigger. Clicking a node opens
 * and scrolls to that node's step. Keep it keyed by run: a new run starts with its own choices.
 */
export function RunDetails({ run }: { run: RunDetail }) {
  const { steps, graph } = run;
  // The failed step opens by itself: it is what the operator came for.
  const [open, setOpen] = useState<ReadonlySet<string>>(
    () => new Set(steps.filter((s) => s.status === 'failed').map((s) => s.key)),
  );
  const [selectedNode, setSelectedNode] = useState<string | null>(null);
  const byNode = useMemo(() => nodeSteps(steps), [steps]);
  const statuses = useMemo(() => nodeStatuses(steps), [steps]);
  const selectedStep = selectedNode ? byNode.get(selectedNode) : undefined;

  const toggle = useCallback((key: string) => {
    setOpen((keys) => {
      const next = new Set(keys);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  const select = useCallback(
    (nodeId: string) => {
      setSelectedNode(nodeId);
      const step = byNode.get(nodeId);
      // A node the run never reached has no step to show.
      if (!step) return;
      setOpen((keys) => (keys.has(step.key) ? keys : new Set(keys).add(step.key)));
      document.getElementById(stepElementId(step.key))?.scrollIntoView({ block: 'start' });
    },
    [byNode],
  );

  return (
    <>
      {graph.nodes.length > 0 && (
        <Paper withBorder radius="md">
          <FlowGraph
            graph={graph}
            label="The run's flow, each node in its step's status"
            height={260}
            statuses={statuses}
            selected={selectedNode}
            onSelect={select}
            data-testid="run-graph"
          />
        </Paper>
      )}
      <Title order={3}>Steps</Title>
      <RunSteps steps={steps} open={open} onToggle={toggle} selected={selectedStep?.key ?? null} />
      <JsonView label="Trigger event" value={run.trigger} />
    </>
  );
}
