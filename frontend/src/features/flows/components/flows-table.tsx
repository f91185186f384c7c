import { Anchor, Badge, Code, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import { WebhookUrl } from '@/components/webhook-url';
import { formatDateTime } from '@/lib/format';

import type { Flow } from '../types';
import { FlowAlertsButton } from './flow-alerts-button';

export function FlowsTable({ flows }: { flows: Flow[] }) {
  return (
    <Table striped highlightOnHover verticalSpacing="sm" data-testid="flows-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Trigger</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Version</Table.Th>
          <Table.Th>Webhook URL</Table.Th>
          <Table.Th>Updated</Table.Th>
          <Table.Th aria-label="Actions" />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {flows.map((flow) => (
          <Table.Tr key={flow.id}>
            <Table.Td>
              <Anchor component={Link} to={`/runs?flow=${encodeURIComponent(flow.id)}`} title="Show this flow's runs">
                {flow.name}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Code>{flow.trigger_block}</Code>
            </Table.Td>
            <Table.Td>
              <Badge color={flow.active ? 'green' : 'gray'} variant="light">
                {flow.active ? 'active' : 'inactive'}
              </Badge>
            </Table.Td>
            <Table.Td>v{flow.version}</Table.Td>
            <Table.Td>
              <WebhookUrl url={flow.webhook_url} />
            </Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {formatDateTime(flow.updated_at)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap="sm" wrap="nowrap">
                <Anchor component={Link} to={`/flows/${encodeURIComponent(flow.id)}/edit`} size="sm" aria-label={`Edit ${flow.name}`}>
                  Edit
                </Anchor>
                <FlowAlertsButton flowId={flow.id} flowName={flow.name} />
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
