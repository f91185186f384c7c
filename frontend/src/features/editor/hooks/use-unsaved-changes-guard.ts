import { useWindowEvent } from '@mantine/hooks';
import { useBlocker, type Blocker } from 'react-router';

import { useCanvasStore } from '../store/canvas-store';

/** Whether the canvas holds edits that are not saved (read when asked, not subscribed). */
export function hasUnsavedChanges(): boolean {
  const { revision, savedRevision, flowKey } = useCanvasStore.getState();
  return flowKey !== null && revision !== savedRevision;
}

/**
 * Keeps unsaved edits from being thrown away: the browser asks before a reload, closing the tab
 * or leaving the site, and an in-app navigation (a link, the import of another flow) waits on
 * the returned blocker, which the editor shows as a confirmation.
 */
export function useUnsavedChangesGuard(): Blocker {
  useWindowEvent('beforeunload', (event) => {
    if (hasUnsavedChanges()) event.preventDefault();
  });
  return useBlocker(({ currentLocation, nextLocation }) => {
    if (currentLocation.pathname === nextLocation.pathname) return false;
    // A new flow's first save moves the editor to the flow's own address, canvas and all.
    const { createdId } = useCanvasStore.getState();
    if (createdId !== null && nextLocation.pathname === `/flows/${createdId}/edit`) return false;
    return hasUnsavedChanges();
  });
}
