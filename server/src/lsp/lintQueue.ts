/**
 * Debounced, ordered lint work. Linting is synchronous (tsgo answers over a synchronous pipe),
 * so documents are linted one at a time with a turn of the event loop between them: changes that
 * arrive meanwhile are seen before the next document, and a new change postpones the remaining
 * work until its debounce has passed, so superseded versions are not analysed.
 */
export class LintQueue {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private disposed = false;

  constructor(
    private readonly lintOne: (uri: string) => Promise<void>,
    private readonly delayMs: number,
  ) {}

  /** `first` goes to the front of the queue (the document being edited), `later` to the back. */
  schedule(first: readonly string[], later: readonly string[] = []): void {
    if (this.disposed) return;
    const firstSet = new Set(first);
    const rest = [...this.pending, ...later].filter((u) => !firstSet.has(u));
    this.pending = new Set([...first, ...rest]);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, this.delayMs);
  }

  /** Drops queued work for a document (it was closed). */
  remove(uri: string): void {
    this.pending.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.pending.clear();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // A pending timer means a newer change arrived: it restarts the work when it fires.
      while (!this.disposed && !this.timer && this.pending.size > 0) {
        const [uri] = this.pending;
        this.pending.delete(uri!);
        await this.lintOne(uri!);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }
}
