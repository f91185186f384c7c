import { Badge, type BadgeProps } from '@mantine/core';

const STATUS_COLORS: Record<string, string> = {
  succeeded: 'green',
  failed: 'red',
  running: 'blue',
  queued: 'gray',
  skipped: 'yellow',
};

export function RunStatusBadge({ status, ...props }: { status: string } & Omit<BadgeProps, 'color' | 'children'>) {
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" data-status={status} {...props}>
      {status}
    </Badge>
  );
}
