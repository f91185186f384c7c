import { Button, EmptyState } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';

export function NotFoundRoute() {
  useDocumentTitle('Not found · Dovetail');
  return (
    <EmptyState title="Page not found" description="There is nothing at this address." icon="404" py="xl">
      <EmptyState.Actions>
        <Button component={Link} to="/flows">
          Go to flows
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
