import { Anchor, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';

import { RunView } from '@/features/runs/components/run-view';

export function RunRoute() {
  const { runId = '' } = useParams();
  useDocumentTitle(`Run ${runId.slice(0, 8)} · Dovetail`);
  return (
    <Stack>
      <Anchor component={Link} to="/runs" size="sm">
        ← All runs
      </Anchor>
      <RunView runId={runId} />
    </Stack>
  );
}
