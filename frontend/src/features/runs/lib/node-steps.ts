import type { Step } from '../types';

/**
 * When a node ran more than once (a loop's iterations), the status it shows: the most urgent.
 * A status not listed here (a new one) ranks last but still shows.
 */
const URGENCY = ['failed', 'unknown', 'running', 'waiting', 'succeeded', 'skipped'];

const rank = (status: string) => {
  const index = URGENCY.indexOf(status);
  return index === -1 ? URGENCY.length : index;
};

/** The step that speaks for each node: its first step of the most urgent status. By node id. */
export function nodeSteps(steps: Step[]): Map<string, Step> {
  const chosen = new Map<string, Step>();
  for (const step of steps) {
    const current = chosen.get(step.node_id);
    if (!current || rank(step.status) < rank(current.status)) chosen.set(step.node_id, step);
  }
  return chosen;
}

/** Each node's status, by node id; a node without a step is absent. */
export function nodeStatuses(steps: Step[]): Record<string, string> {
  return Object.fromEntries([...nodeSteps(steps)].map(([nodeId, step]) => [nodeId, step.status]));
}

/** The DOM id of a step's row in the steps list, so a click on its node can scroll there. */
export const stepElementId = (key: string) => `run-step-${key}`;
