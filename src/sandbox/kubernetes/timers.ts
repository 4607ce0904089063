/**
 * Every delayed action of the simulated controllers goes through here, so close() can cancel
 * them all at once and none keeps a test process alive (each timer is unref'd).
 */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;

  after(ms: number, action: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      if (!this.stopped) action();
    }, ms);
    timer.unref();
    this.pending.add(timer);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
