import { useMemo } from 'react';

import { useLatestRun } from '../api/get-latest-run';
import { useRun } from '../api/get-run';
import type { RunDetail, RunStep } from '../types';

/**
 * The flow's latest run (a test run or a real delivery) and its step per node, kept live:
 * the run is polled while it moves, so nodes change colour as it progresses.
 */
export function useRunStatus(flowId: string | null): { run: RunDetail | undefined; steps: Map<string, RunStep> } {
  const latest = useLatestRun(flowId);
  const run = useRun(latest.data?.id ?? null);
  const steps = useMemo(() => {
    const byNode = new Map<string, RunStep>();
    // A node that ran more than once (a replayed step) shows its last step.
    for (const step of run.data?.steps ?? []) byNode.set(step.node_id, step);
    return byNode;
  }, [run.data]);
  return { run: run.data, steps };
}
