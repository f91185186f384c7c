import { Alert } from '@mantine/core';

/** Shows why a query failed, in the same place the data would have been. */
export function QueryErrorAlert({ error, title = 'Could not load data' }: { error: Error; title?: string }) {
  return (
    <Alert color="red" title={title} role="alert">
      {error.message}
    </Alert>
  );
}
