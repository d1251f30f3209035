/** Whether a crashed server may be restarted: at most `maxRestarts` within a sliding window. */
export class RestartPolicy {
  private readonly restarts: number[] = [];

  constructor(
    readonly maxRestarts: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true when the server should be started again. */
  allowRestart(): boolean {
    const now = this.now();
    while (this.restarts.length > 0 && now - this.restarts[0]! > this.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.maxRestarts) return false;
    this.restarts.push(now);
    return true;
  }
}
