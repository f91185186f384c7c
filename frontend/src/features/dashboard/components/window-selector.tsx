import { SegmentedControl } from '@mantine/core';

import { WINDOWS, type StatsWindow } from '../types';

const LABELS: Record<StatsWindow, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d', '30d': '30 d' };

export function WindowSelector({ value, onChange }: { value: StatsWindow; onChange: (w: StatsWindow) => void }) {
  return (
    <SegmentedControl
      aria-label="Time window"
      data={WINDOWS.map((w) => ({ value: w, label: LABELS[w] }))}
      value={value}
      onChange={(next) => {
        const found = WINDOWS.find((w) => w === next);
        if (found) onChange(found);
      }}
      data-testid="window-selector"
    />
  );
}
