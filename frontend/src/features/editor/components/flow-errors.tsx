import { Alert, Code, List } from '@mantine/core';

import type { MappedErrors } from '../lib/error-pointers';

/** The count of problems, and the ones no node or edge can show (no trigger, the name, ...). */
export function FlowErrors({ errors, total }: { errors: MappedErrors; total: number }) {
  if (total === 0) return null;
  const onCanvas = total - errors.general.length;
  return (
    <Alert color="red" variant="light" p="xs" data-testid="flow-errors" role="status">
      {total} {total === 1 ? 'problem' : 'problems'} to fix before activating
      {onCanvas > 0 && ` (${onCanvas} shown on the canvas)`}.
      {errors.general.length > 0 && (
        <List size="xs" mt={4}>
          {errors.general.map((error, index) => (
            <List.Item key={index}>
              {error.pointer && <Code>{error.pointer}</Code>} {error.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
