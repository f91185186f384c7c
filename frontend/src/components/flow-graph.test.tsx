// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { FlowGraphData } from '@/lib/flow-graph';
import { renderWithMantine } from '@/testing/render-with-mantine';

import { FlowGraph } from './flow-graph';

const graph: FlowGraphData = {
  nodes: [
    { id: 'order', block: 'core.webhook', title: 'Order arrives' },
    { id: 'map', block: 'core.transform' },
    { id: 'post', block: 'core.http_request' },
    { id: 'alert', block: 'core.http_request' },
  ],
  edges: [
    { from: 'order', to: 'map' },
    { from: 'map', to: 'post' },
    { from: 'post', to: 'alert', port: 'error' },
  ],
};

const node = (id: string) => {
  const wrapper = document.querySelector(`.react-flow__node[data-id="${id}"]`);
  if (!(wrapper instanceof HTMLElement)) throw new Error(`no node ${id}`);
  return { wrapper, body: within(wrapper).getByTestId('graph-node') };
};

afterEach(cleanup);

describe('FlowGraph', () => {
  it('says each step status in colour, words and data-status; a node without a step is "not reached"', () => {
    renderWithMantine(
      <FlowGraph
        graph={graph}
        label="Run graph"
        height={200}
        statuses={{ order: 'succeeded', map: 'succeeded', post: 'failed' }}
      />,
    );

    const shown = ['order', 'map', 'post', 'alert'].map((id) => {
      const { wrapper, body } = node(id);
      return [id, body.dataset.status, within(body).getByTestId('graph-node-status').textContent, wrapper.getAttribute('aria-label')];
    });
    expect(shown).toEqual([
      ['order', 'succeeded', 'succeeded', 'Order arrives: succeeded'],
      ['map', 'succeeded', 'succeeded', 'map: succeeded'],
      ['post', 'failed', 'failed', 'post: failed'],
      ['alert', 'not-reached', 'not reached', 'alert: not reached'],
    ]);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      'Run graph: Order arrives: succeeded, map: succeeded, post: failed, alert: not reached',
    );
  });

  it('draws a plain picture without statuses', () => {
    renderWithMantine(<FlowGraph graph={graph} label="Graph of Orders" height={120} />);

    const { body } = node('order');
    expect(body.dataset.status).toBeUndefined();
    expect(screen.queryAllByTestId('graph-node-status')).toEqual([]);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Graph of Orders: Order arrives, map, post, alert');
  });

  it('reports the clicked node, and is a group of focusable nodes then', () => {
    const onSelect = vi.fn();
    renderWithMantine(
      <FlowGraph graph={graph} label="Run graph" height={200} statuses={{ order: 'succeeded' }} onSelect={onSelect} />,
    );

    expect(screen.getByRole('group', { name: 'Run graph' })).toBeTruthy();
    expect(node('map').wrapper.tabIndex).toBe(0);
    fireEvent.click(node('map').wrapper);

    expect(onSelect).toHaveBeenCalledWith('map');
  });

  it('reports a node chosen with the keyboard', () => {
    const onSelect = vi.fn();
    renderWithMantine(<FlowGraph graph={graph} label="Run graph" height={200} onSelect={onSelect} />);

    fireEvent.keyDown(node('post').wrapper, { key: 'Enter' });

    expect(onSelect).toHaveBeenCalledWith('post');
  });
});
