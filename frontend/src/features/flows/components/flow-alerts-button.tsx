import { Button } from '@mantine/core';
import { useState } from 'react';

import { FlowAlertsModal } from './flow-alerts-modal';

export function FlowAlertsButton({ flowId, flowName }: { flowId: string; flowName: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        size="compact-sm"
        variant="default"
        onClick={() => {
          setOpened(true);
        }}
        aria-label={`Alerts for ${flowName}`}
      >
        Alerts
      </Button>
      {opened && (
        <FlowAlertsModal
          flowId={flowId}
          flowName={flowName}
          onClose={() => {
            setOpened(false);
          }}
        />
      )}
    </>
  );
}
