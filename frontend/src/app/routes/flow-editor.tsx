import { Box } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';

import { FlowEditor } from '@/features/editor/components/flow-editor';

/** /flows/new and /flows/:flowId/edit: the editor fills the page below the header. */
export function FlowEditorRoute() {
  const { flowId = null } = useParams();
  useDocumentTitle(flowId ? 'Edit flow · Dovetail' : 'New flow · Dovetail');
  return (
    <Box h="calc(100dvh - 60px - 2 * var(--mantine-spacing-lg))">
      <FlowEditor flowId={flowId} />
    </Box>
  );
}
