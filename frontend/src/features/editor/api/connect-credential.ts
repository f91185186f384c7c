import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** The vendor page where the user approves an OAuth2 credential (it comes back to /oauth2/callback). */
export const getAuthorizeUrl = ({ credentialId, next }: { credentialId: string; next: string }): Promise<{ authorize_url: string }> =>
  api.get<{ authorize_url: string }>(`/api/credentials/${encodeURIComponent(credentialId)}/oauth2/authorize/`, {
    params: { next },
  });

/** "Connect": leave for the vendor's approval page; the callback brings the user back to `next`. */
export const useConnectCredential = () =>
  useMutation({
    mutationFn: getAuthorizeUrl,
    onSuccess: ({ authorize_url }) => {
      window.open(authorize_url, '_self'); // this tab: the callback comes back to the editor
    },
  });
