import { createContext, useContext } from 'react';

import type { MappedErrors } from '../lib/error-pointers';
import type { BlockManifest, RunStep } from '../types';

/** What every node and panel reads besides the canvas store: manifests, last run, errors. */
export interface EditorContextValue {
  blocks: Map<string, BlockManifest>;
  /** The last run's step per node id. */
  steps: Map<string, RunStep>;
  errors: MappedErrors;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditorContext is used outside the flow editor');
  return value;
}
