/** How long the simulated controllers take; fast by default so tests and demos stay quick. */
export interface SimulatorTiming {
  /** From Job creation to the sync task finishing. */
  jobDurationMs: number;
  /** From pod creation (Pending) to Running and Ready. */
  podStartDelayMs: number;
  /** Between rollout steps (create a new pod, retire an old one). */
  rolloutStepDelayMs: number;
  /** From an old pod's deletionTimestamp to its removal. */
  podTerminationMs: number;
  /** How long a rollout may make no progress before ProgressDeadlineExceeded (real default 600 s). */
  progressDeadlineMs: number;
}

export const DEFAULT_TIMING: SimulatorTiming = {
  jobDurationMs: 600,
  podStartDelayMs: 400,
  rolloutStepDelayMs: 300,
  podTerminationMs: 300,
  progressDeadlineMs: 600_000,
};
