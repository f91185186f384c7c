import { describe, expect, it } from 'vitest';

import type { Step } from '../types';
import { nodeStatuses, nodeSteps } from './node-steps';

const step = (key: string, status: string, node_id = key.split('[')[0] ?? key) =>
  ({ key, node_id, status }) as Step;

describe('nodeStatuses', () => {
  it('gives each node the status of its step', () => {
    expect(nodeStatuses([step('order', 'succeeded'), step('post', 'failed')])).toEqual({
      order: 'succeeded',
      post: 'failed',
    });
  });

  it('shows the most urgent status of a node that ran several times', () => {
    const steps = [step('each[0]', 'succeeded'), step('each[1]', 'failed'), step('each[2]', 'succeeded')];

    expect(nodeStatuses(steps)).toEqual({ each: 'failed' });
    expect(nodeSteps(steps).get('each')?.key).toBe('each[1]');
  });

  it('ranks a status it does not know last', () => {
    expect(nodeStatuses([step('a[0]', 'succeeded', 'a'), step('a[1]', 'paused', 'a')])).toEqual({ a: 'succeeded' });
  });
});
