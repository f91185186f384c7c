import { api } from '@/lib/api-client';

import type { FieldError, FlowDocument } from '../types';

/** Checks a document without saving it: every error with its JSON pointer. */
export const validateFlow = ({ document, signal }: { document: FlowDocument; signal?: AbortSignal }) =>
  api.post<{ valid: boolean; errors: FieldError[] }>('/api/flows/validate/', document, { signal });
