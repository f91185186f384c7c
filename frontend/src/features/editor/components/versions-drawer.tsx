import { Badge, Button, Drawer, Group, Loader, Stack, Text } from '@mantine/core';

import { useVersions } from '../api/get-versions';
import type { FlowDocument } from '../types';

interface VersionsDrawerProps {
  flowId: string;
  current: number | null;
  opened: boolean;
  onClose: () => void;
  onRestore: (document: FlowDocument) => void;
}

/** Every saved version, newest first; restoring one saves it again as the newest. */
export function VersionsDrawer({ flowId, current, opened, onClose, onRestore }: VersionsDrawerProps) {
  const versions = useVersions(flowId, opened);
  return (
    <Drawer opened={opened} onClose={onClose} title="Versions" position="right" size="sm">
      {versions.isPending && <Loader size="sm" />}
      {versions.error && <Text c="red">{versions.error.message}</Text>}
      <Stack gap="xs" data-testid="versions">
        {versions.data?.results.map((version) => (
          <Group key={version.number} justify="space-between" wrap="nowrap">
            <Stack gap={0}>
              <Group gap={6}>
                <Text fw={600} size="sm">
                  v{version.number}
                </Text>
                {version.number === current && (
                  <Badge size="xs" variant="light">
                    current
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {new Date(version.created_at).toLocaleString()}
                {version.created_by ? ` · ${version.created_by}` : ''} · {version.document.nodes.length} nodes
              </Text>
            </Stack>
            <Button
              size="xs"
              variant="light"
              disabled={version.number === current}
              onClick={() => {
                onRestore(version.document);
                onClose();
              }}
            >
              Restore
            </Button>
          </Group>
        ))}
      </Stack>
    </Drawer>
  );
}
