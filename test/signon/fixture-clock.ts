/** A clock tests move by hand, so expiry and sync times are exact without waiting. */
export function manualClock(start = Date.parse('2026-03-02T09:00:00Z')): { now: () => number; advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}

export const DAY_MS = 86_400_000;
