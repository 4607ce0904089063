/**
 * Switches that make the server API answer as if broken, for smoke-call failure tests. Tests
 * flip them in process; the soak and a person flip the same object through
 * `POST /sandbox-admin/faults`.
 */
import { z } from 'zod';

const count = z.number().int().min(0);

/** The body `POST /sandbox-admin/faults` accepts. */
export const serverApiFaultsPatch = z
  .object({
    forceStatus: z.object({ status: z.number().int().min(100).max(599), times: count.default(1) }).strict().optional(),
    hangNext: count.optional(),
  })
  .strict();

export type ServerApiFaultsPatch = z.input<typeof serverApiFaultsPatch>;

export class ServerApiFaults {
  private forced = { status: 0, remaining: 0 };
  private hangs = 0;

  /**
   * The next `times` authenticated requests answer `status` before any token check, e.g. 401
   * for "the app rejects the token" or 503 for "the app is down". Health checks are unaffected:
   * they prove the service is up, not that a token works.
   */
  forceStatus(status: number, times = 1): void {
    if (status < 100 || status > 599) throw new Error('forceStatus needs an HTTP status');
    if (!Number.isInteger(times) || times < 0) throw new Error('forceStatus times must be a non-negative integer');
    this.forced = { status, remaining: times };
  }

  /** The next `count` authenticated requests are never answered: the client's timeout must end them. */
  hangNext(count: number): void {
    this.hangs += count;
  }

  /** Requests hanging right now are not counted here; this is what is still to come. */
  state(): { forceStatus: { status: number; times: number }; hangNext: number } {
    return { forceStatus: { status: this.forced.status, times: this.forced.remaining }, hangNext: this.hangs };
  }

  apply(patch: z.output<typeof serverApiFaultsPatch>): void {
    if (patch.forceStatus) this.forceStatus(patch.forceStatus.status, patch.forceStatus.times);
    if (patch.hangNext) this.hangNext(patch.hangNext);
  }

  /** The status to force on this request, or null to serve it. */
  takeForcedStatus(): number | null {
    if (this.forced.remaining === 0) return null;
    this.forced.remaining -= 1;
    return this.forced.status;
  }

  takeHang(): boolean {
    if (this.hangs === 0) return false;
    this.hangs -= 1;
    return true;
  }
}
