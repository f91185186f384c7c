import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

export interface CredentialTestError {
  /** What the vendor said, secrets hidden. */
  message: string;
  /** The vendor's HTTP status; null when the vendor could not be reached. */
  status: number | null;
  code?: string;
}

/** 200 whether the vendor accepts the credential or not: `ok` tells which. */
export type CredentialTestResult = { ok: true; detail?: string } | { ok: false; error: CredentialTestError };

/** One cheap vendor call with the stored credential; nothing is saved, so no cache to update. */
export const testCredential = ({ credentialId }: { credentialId: string }): Promise<CredentialTestResult> =>
  api.post<CredentialTestResult>(`/api/credentials/${encodeURIComponent(credentialId)}/test/`);

export const useTestCredential = () => useMutation({ mutationFn: testCredential });
