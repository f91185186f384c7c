import { Modal } from '@mantine/core';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';

import { useFlowAlerts } from '../api/get-flow-alerts';
import { FlowAlertsForm } from './flow-alerts-form';

interface FlowAlertsModalProps {
  flowId: string;
  flowName: string;
  onClose: () => void;
}

/** The failure notification settings of one flow; mounted only while open. */
export function FlowAlertsModal({ flowId, flowName, onClose }: FlowAlertsModalProps) {
  const alertsQuery = useFlowAlerts(flowId);
  return (
    <Modal opened onClose={onClose} title={`Alerts for ${flowName}`} size="md">
      {alertsQuery.isPending ? (
        <PageLoader />
      ) : alertsQuery.isError ? (
        <QueryErrorAlert error={alertsQuery.error} title="Could not load the alert settings" />
      ) : (
        <FlowAlertsForm flowId={flowId} initial={alertsQuery.data} onSaved={onClose} onCancel={onClose} />
      )}
    </Modal>
  );
}
