/**
 * Switches that make the simulator misbehave the way networks and servers do, so tests can
 * prove the product's retries and idempotency. Each switch is consumed by the request it hits.
 */
export class SignonFaults {
  private loseCreate = 0;
  private loseRevoke = 0;
  private failures = { remaining: 0, status: 500 };

  /** The next create-token request does its work, then the connection drops with no answer. */
  loseNextCreateResponse(): void {
    this.loseCreate += 1;
  }

  /** The next revoke request does its work, then the connection drops with no answer. */
  loseNextRevokeResponse(): void {
    this.loseRevoke += 1;
  }

  /** The next `count` admin API requests answer `status` without doing anything. */
  failNext(count: number, status = 500): void {
    if (!Number.isInteger(count) || count < 0) throw new Error('failNext count must be a non-negative integer');
    if (status < 400 || status > 599) throw new Error('failNext status must be an HTTP error status');
    this.failures = { remaining: count, status };
  }

  takeLostCreate(): boolean {
    if (this.loseCreate === 0) return false;
    this.loseCreate -= 1;
    return true;
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
}
