import { useHotkeys } from '@mantine/hooks';

import { useCanvasStore } from '../store/canvas-store';

/**
 * Undo/redo and copy/paste on the canvas. Inside text fields the browser's own undo and
 * clipboard win (useHotkeys ignores inputs, textareas and selects).
 */
export function useEditorShortcuts(onSave: () => void) {
  const { undo, redo, copySelected, paste } = useCanvasStore.getState();
  useHotkeys([
    ['mod+Z', undo],
    ['mod+shift+Z', redo],
    ['mod+Y', redo],
    ['mod+C', copySelected],
    ['mod+V', paste],
    ['mod+S', onSave, { preventDefault: true }],
  ]);
}
