export interface Flow {
  id: string;
  name: string;
  active: boolean;
  version: number;
  /** Block key of the trigger, e.g. "core.webhook". */
  trigger_block: string;
  /** Public URL that starts this flow; null when the trigger is not a webhook. */
  webhook_url: string | null;
  created_at: string;
  updated_at: string;
}

/** Where a failing run is reported, once per run; "" means that channel is off. */
export interface FlowAlerts {
  email: string;
  webhook_url: string;
}
