import { Alert, Button, Center, Stack } from '@mantine/core';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router';

/** Shown instead of a page that crashed while rendering, so the rest of the app stays usable. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <Center py="xl">
      <Stack maw={560}>
        <Alert color="red" title="Something went wrong on this page">
          {message}
        </Alert>
        <Button component={Link} to="/flows" variant="default">
          Go to flows
        </Button>
      </Stack>
    </Center>
  );
}
