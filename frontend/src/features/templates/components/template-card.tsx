import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';

import type { Template } from '../types';
import { GraphPreview } from './graph-preview';

interface TemplateCardProps {
  template: Template;
  onUse: () => void;
  pending: boolean;
  disabled: boolean;
}

export function TemplateCard({ template, onUse, pending, disabled }: TemplateCardProps) {
  return (
    <Card withBorder radius="md" padding="md" data-testid="template-card" data-slug={template.slug}>
      <Card.Section withBorder inheritPadding py="xs" bg="gray.0">
        <GraphPreview document={template.document} title={template.title} />
      </Card.Section>
      <Stack gap="xs" mt="sm" style={{ flex: 1 }}>
        <Text fw={600}>{template.title}</Text>
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          {template.description}
        </Text>
        <Group gap={4}>
          {template.connectors.map((connector) => (
            <Badge key={connector} variant="outline" size="sm">
              {connector}
            </Badge>
          ))}
        </Group>
        <Button onClick={onUse} loading={pending} disabled={disabled} mt="xs">
          Use template
        </Button>
      </Stack>
    </Card>
  );
}
