/**
 * Switches that make the simulator misbehave the way networks and servers do, so tests can
 * prove the product's retries and idempotency. Counted switches are consumed by the requests
 * they hit; `delayMs` lasts until changed. Tests flip them in process; the soak and a person
 * at `npm start` flip the same object through `POST /sandbox-admin/faults`.
 */
import { z } from 'zod';

const count = z.number().int().min(0);

/** The body `POST /sandbox-admin/faults` accepts: every field optional, counts add up. */
export const signonFaultsPatch = z
  .object({
    loseNextCreateResponse: count.optional(),
    loseNextRevokeResponse: count.optional(),
    failNext: z.object({ count, status: z.number().int().min(400).max(599).default(500) }).strict().optional(),
    resetNext: count.optional(),
    hangNext: count.optional(),
    delayMs: count.max(600_000).optional(),
    lateNextCreateMs: count.max(600_000).optional(),
    slowNextRevokeAnswerMs: count.max(600_000).optional(),
  })
  .strict();

export type SignonFaultsPatch = z.input<typeof signonFaultsPatch>;

export interface SignonFaultsState {
  loseNextCreateResponse: number;
  loseNextRevokeResponse: number;
  failNext: { count: number; status: number };
  resetNext: number;
  hangNext: number;
  delayMs: number;
  lateNextCreateMs: number;
  slowNextRevokeAnswerMs: number;
}

/** What an admin request meets before it reaches its route. */
export type RequestFault = { kind: 'reset' } | { kind: 'hang' } | { kind: 'fail'; status: number };

export class SignonFaults {
  private loseCreate = 0;
  private loseRevoke = 0;
  private failures = { remaining: 0, status: 500 };
  private resets = 0;
  private hangs = 0;
  private delay = 0;
  private lateCreateMs = 0;
  private slowRevokeAnswerMs = 0;

  /** The next create-token request does its work, then the connection drops with no answer. */
  loseNextCreateResponse(times = 1): void {
    this.loseCreate += times;
  }

  /**
   * The next create-token request waits `ms` before doing its work, as an overloaded Signon
   * does: a client that timed out meanwhile retries while the first create is still in flight.
   */
  lateNextCreate(ms: number): void {
    this.lateCreateMs = ms;
  }

  /** The next revoke request does its work at once and answers `ms` later (other requests are unaffected). */
  slowNextRevokeAnswer(ms: number): void {
    this.slowRevokeAnswerMs = ms;
  }

  /** The next revoke request does its work, then the connection drops with no answer. */
  loseNextRevokeResponse(times = 1): void {
    this.loseRevoke += times;
  }

  /** The next `count` admin API requests answer `status` without doing anything. */
  failNext(count: number, status = 500): void {
    if (!Number.isInteger(count) || count < 0) throw new Error('failNext count must be a non-negative integer');
    if (status < 400 || status > 599) throw new Error('failNext status must be an HTTP error status');
    this.failures = { remaining: count, status };
  }

  /** The next `count` admin API requests are cut off (connection reset) before any work. */
  resetNext(count: number): void {
    this.resets += count;
  }

  /** The next `count` admin API requests are never answered: the client's timeout must end them. */
  hangNext(count: number): void {
    this.hangs += count;
  }

  /** Every admin API answer leaves `ms` after the work is done (0: at once). */
  delayResponses(ms: number): void {
    this.delay = ms;
  }

  get delayMs(): number {
    return this.delay;
  }

  /** Applies a validated admin request; see signonFaultsPatch. */
  apply(patch: z.output<typeof signonFaultsPatch>): void {
    if (patch.loseNextCreateResponse) this.loseNextCreateResponse(patch.loseNextCreateResponse);
    if (patch.loseNextRevokeResponse) this.loseNextRevokeResponse(patch.loseNextRevokeResponse);
    if (patch.failNext) this.failNext(patch.failNext.count, patch.failNext.status);
    if (patch.resetNext) this.resetNext(patch.resetNext);
    if (patch.hangNext) this.hangNext(patch.hangNext);
    if (patch.delayMs !== undefined) this.delayResponses(patch.delayMs);
    if (patch.lateNextCreateMs) this.lateNextCreate(patch.lateNextCreateMs);
    if (patch.slowNextRevokeAnswerMs) this.slowNextRevokeAnswer(patch.slowNextRevokeAnswerMs);
  }

  state(): SignonFaultsState {
    return {
      loseNextCreateResponse: this.loseCreate,
      loseNextRevokeResponse: this.loseRevoke,
      failNext: { count: this.failures.remaining, status: this.failures.status },
      resetNext: this.resets,
      hangNext: this.hangs,
      delayMs: this.delay,
      lateNextCreateMs: this.lateCreateMs,
      slowNextRevokeAnswerMs: this.slowRevokeAnswerMs,
    };
  }

  takeLostCreate(): boolean {
    if (this.loseCreate === 0) return false;
    this.loseCreate -= 1;
    return true;
  }

  /** How long this create must wait before working (0: at once); consumes the switch. */
  takeLateCreate(): number {
    const ms = this.lateCreateMs;
    this.lateCreateMs = 0;
    return ms;
  }

  /** How long this revoke's answer must wait (0: at once); consumes the switch. */
  takeSlowRevokeAnswer(): number {
    const ms = this.slowRevokeAnswerMs;
    this.slowRevokeAnswerMs = 0;
    return ms;
  }

  takeLostRevoke(): boolean {
    if (this.loseRevoke === 0) return false;
    this.loseRevoke -= 1;
    return true;
  }

  /** The status to fail this request with, or null to serve it. */
  takeFailure(): number | null {
    if (this.failures.remaining === 0) return null;
    this.failures.remaining -= 1;
    return this.failures.status;
  }

  /** Resets first, then hangs, then error statuses: one fault per request. */
  takeRequestFault(): RequestFault | null {
    if (this.resets > 0) {
      this.resets -= 1;
      return { kind: 'reset' };
    }
    if (this.hangs > 0) {
      this.hangs -= 1;
      return { kind: 'hang' };
    }
    const status = this.takeFailure();
    return status === null ? null : { kind: 'fail', status };
  }
}
