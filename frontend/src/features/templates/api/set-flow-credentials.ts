import { useMutation } from '@tanstack/react-query';

import { request } from '@/lib/api-client';

import { withCredentials } from '../lib/credentials';
import type { FlowDocument, UsedTemplate } from '../types';

export interface SetFlowCredentialsInput {
  flowId: string;
  document: FlowDocument;
  /** Credential id by node id; nodes left out keep what they have. */
  choices: Record<string, string>;
}

/** Saves the draft again with each chosen credential set on its node. */
export const setFlowCredentials = ({ flowId, document, choices }: SetFlowCredentialsInput): Promise<UsedTemplate> =>
  request<UsedTemplate>(`/api/flows/${encodeURIComponent(flowId)}/`, {
    method: 'PUT',
    // A draft: the flow may still be invalid (a URL to fill in) and is finished in the editor.
    params: { draft: 1 },
    body: withCredentials(document, choices),
  });

export const useSetFlowCredentials = ({ onSuccess }: { onSuccess?: () => void } = {}) =>
  useMutation({ mutationFn: setFlowCredentials, onSuccess: () => onSuccess?.() });
