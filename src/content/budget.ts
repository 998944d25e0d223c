// Caps on the work a page can make Kontekst do by changing itself: a token bucket, so that a
// page that changes now and then is always followed, and one that changes without end costs a
// bounded amount of work per minute.

/** Up to `size` takes at once; one more becomes available every `refillMs` (never more than `size`). */
export class Budget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly size: number,
    private readonly refillMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = size;
    this.last = now();
  }

  /** Takes one unit of work if the budget allows it. */
  take(): boolean {
    const now = this.now();
    if (this.refillMs > 0) {
      const earned = Math.floor((now - this.last) / this.refillMs);
      if (earned > 0) {
        this.tokens = Math.min(this.size, this.tokens + earned);
        this.last += earned * this.refillMs;
      }
    }
    if (this.tokens <= 0) return false;
    if (this.tokens === this.size) this.last = now;
    this.tokens--;
    return true;
  }
}
