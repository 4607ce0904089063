/** Switches that make the server API answer as if broken, for smoke-call failure tests. */
export class ServerApiFaults {
  private forced = { status: 0, remaining: 0 };

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

  /** The status to force on this request, or null to serve it. */
  takeForcedStatus(): number | null {
    if (this.forced.remaining === 0) return null;
    this.forced.remaining -= 1;
    return this.forced.status;
  }
}
