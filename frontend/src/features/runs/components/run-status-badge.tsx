import { Badge, type BadgeProps } from '@mantine/core';

import { statusColor } from '@/lib/run-status';

export function RunStatusBadge({ status, ...props }: { status: string } & Omit<BadgeProps, 'color' | 'children'>) {
  return (
    <Badge color={statusColor(status)} variant="light" data-status={status} {...props}>
      {status}
    </Badge>
  );
}
