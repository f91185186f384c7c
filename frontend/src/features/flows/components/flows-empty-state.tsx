import { Code, EmptyState, Stack, Text } from '@mantine/core';

export function FlowsEmptyState() {
  return (
    <EmptyState
      title="No flows yet"
      description="Flows are imported from a flow document (JSON). Import one with either of these, then reload this page."
      withIndicatorBackground
      icon={
        <svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
          <path d="M4 7h13l-3-3M20 17H7l3 3" />
        </svg>
      }
      py="xl"
    >
      <Stack gap="xs" align="center" mt="md">
        <Text size="sm">From the server:</Text>
        <Code>python manage.py flows import flows/&lt;file&gt;.json</Code>
        <Text size="sm">Or over the API:</Text>
        <Code>POST /api/flows/import/</Code>
      </Stack>
    </EmptyState>
  );
}
