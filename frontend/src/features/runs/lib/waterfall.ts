export interface Bar {
  /** Where the bar starts and how long it is, in percent of the run's span. */
  offsetPct: number;
  widthPct: number;
}

interface Timed {
  started_at: string | null;
  finished_at: string | null;
}

const MIN_WIDTH_PCT = 0.5;

/**
 * Places each step on one time axis, from the first step's start to the last one's end, so
 * the timeline shows where a run spent its time (and the gap a retry's wait left).
 * A step still running ends at `now`; a step that never started gets no bar (null).
 */
export function waterfall(steps: Timed[], now: number = Date.now()): (Bar | null)[] {
  const spans = steps.map((step) => {
    if (!step.started_at) return null;
    const start = new Date(step.started_at).getTime();
    const end = step.finished_at ? new Date(step.finished_at).getTime() : now;
    return Number.isNaN(start) || Number.isNaN(end) ? null : { start, end: Math.max(start, end) };
  });
  const known = spans.filter((s) => s !== null);
  if (known.length === 0) return spans.map(() => null);
  const first = Math.min(...known.map((s) => s.start));
  const total = Math.max(...known.map((s) => s.end)) - first;
  return spans.map((span) => {
    if (!span) return null;
    if (total <= 0) return { offsetPct: 0, widthPct: 100 };
    const offsetPct = ((span.start - first) / total) * 100;
    const widthPct = Math.max(MIN_WIDTH_PCT, ((span.end - span.start) / total) * 100);
    return { offsetPct: Math.min(offsetPct, 100 - widthPct), widthPct };
  });
}
