// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, Link, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { renderWithMantine } from '@/testing/render-with-mantine';

import { useCanvasStore } from '../store/canvas-store';
import { UnsavedChangesPrompt } from './unsaved-changes-prompt';

function renderEditorAt(path: string) {
  const router = createMemoryRouter(
    [
      {
        path: '/flows/:flowId/edit',
        element: (
          <>
            <Link to="/runs">Runs</Link>
            <UnsavedChangesPrompt />
          </>
        ),
      },
      { path: '/runs', element: <p>Runs page</p> },
    ],
    { initialEntries: [path] },
  );
  renderWithMantine(<RouterProvider router={router} />);
  return router;
}

describe('UnsavedChangesPrompt', () => {
  beforeEach(() => {
    useCanvasStore.getState().load({ schema: 1, name: 'Flow', nodes: [], edges: [] }, 'f1');
  });
  afterEach(cleanup);

  it('asks before leaving the editor with unsaved changes, and stays when told to', async () => {
    const router = renderEditorAt('/flows/f1/edit');
    act(() => {
      useCanvasStore.getState().setName('Renamed, not saved');
    });
    fireEvent.click(screen.getByRole('link', { name: 'Runs' }));

    expect(await screen.findByText('Leave without saving?')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/flows/f1/edit');

    fireEvent.click(screen.getByRole('button', { name: 'Stay' }));
    await waitFor(() => {
      expect(router.state.blockers.size === 0 || [...router.state.blockers.values()].every((b) => b.state === 'unblocked')).toBe(true);
    });
    expect(router.state.location.pathname).toBe('/flows/f1/edit');

    fireEvent.click(screen.getByRole('link', { name: 'Runs' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Leave without saving' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/runs');
    });
  });

  it('lets a saved flow go without asking', async () => {
    const router = renderEditorAt('/flows/f1/edit');
    fireEvent.click(screen.getByRole('link', { name: 'Runs' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/runs');
    });
    expect(screen.queryByText('Leave without saving?')).toBeNull();
  });

  it('has the browser ask before a reload only while there are unsaved changes', () => {
    renderEditorAt('/flows/f1/edit');
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    act(() => {
      useCanvasStore.getState().setName('Renamed, not saved');
    });
    expect(unload()).toBe(true);
  });
});
