import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

import { TemplatesGallery } from '@/features/templates/components/templates-gallery';

export function TemplatesRoute() {
  useDocumentTitle('Templates · Dovetail');
  return (
    <Stack>
      <div>
        <Title order={1}>Templates</Title>
        <Text c="dimmed" size="sm">
          Working flows for a small shop: start from one, pick your accounts, adjust it in the editor.
        </Text>
      </div>
      <TemplatesGallery />
    </Stack>
  );
}
