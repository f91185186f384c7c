import { MantineProvider, createTheme } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

import { getUserQueryOptions } from '@/features/auth/api/get-user';
import { ApiError } from '@/lib/api-client';

const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
});

function createQueryClient(): QueryClient {
  // A session that expires mid-use shows up as 401/403 on any call: record that nobody is
  // signed in, and the auth guard sends the user to /login.
  const onError = (error: Error) => {
    if (error instanceof ApiError && error.isUnauthenticated) {
      queryClient.setQueryData(getUserQueryOptions().queryKey, null);
    }
  };
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // A 4xx will not change on retry; a blip of the network might.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  return queryClient;
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
