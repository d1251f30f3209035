/**
 * Ordered lint work for the language server. Linting is synchronous (tsgo answers over a
 * synchronous pipe), so documents are linted one at a time, and notifications that arrive during a
 * lint are read only when it ends. The policy:
 *
 *  - a document being edited (`first`) is linted as soon as the server is idle: no debounce, so
 *    the time from a keystroke to its diagnostics is the lint itself;
 *  - while a lint runs, changes only mark documents dirty: when it ends, each dirty document is
 *    linted once, at its newest version (intermediate versions are never analysed);
 *  - before each lint the queue lets the connection deliver what it has already received (one
 *    message per event-loop turn) until that brings no new change, so a burst of keystrokes that
 *    queued up during a lint costs one lint, not one per keystroke;
 *  - other documents (`later`: dependents of an edited module, configuration or file-watcher
 *    changes) wait until changes have settled for `delayMs`: while the user types, only the
 *    document being edited is analysed.
 */
export class LintQueue {
  /** Edited documents, most recent first: linted when the server is idle. */
  private urgent: string[] = [];
  /** Everything else: linted once `delayMs` has passed without a new schedule of later work. */
  private readonly later = new Set<string>();
  private laterTimer: NodeJS.Timeout | undefined;
  private laterDue = false;
  /** Counts schedule() calls: a lint waits for a turn of the event loop in which it did not move. */
  private generation = 0;
  private running = false;
  private disposed = false;

  constructor(
    private readonly lintOne: (uri: string) => Promise<void>,
    private readonly delayMs: number,
  ) {}

  /** `first` is linted as soon as possible (the document being edited), `later` once changes settle. */
  schedule(first: readonly string[], later: readonly string[] = []): void {
    if (this.disposed) return;
    this.generation++;
    if (first.length > 0) {
      const firstSet = new Set(first);
      this.urgent = [...first, ...this.urgent.filter((u) => !firstSet.has(u))];
      for (const u of first) this.later.delete(u);
    }
    if (later.length > 0) {
      for (const u of later) if (!this.urgent.includes(u)) this.later.add(u);
      this.laterDue = false;
      if (this.laterTimer) clearTimeout(this.laterTimer);
      this.laterTimer = setTimeout(() => {
        this.laterTimer = undefined;
        this.laterDue = true;
        void this.drain();
      }, this.delayMs);
    }
    void this.drain();
  }

  /** Drops queued work for a document (it was closed). */
  remove(uri: string): void {
    this.urgent = this.urgent.filter((u) => u !== uri);
    this.later.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    if (this.laterTimer) clearTimeout(this.laterTimer);
    this.urgent = [];
    this.later.clear();
  }

  private next(): string | undefined {
    const uri = this.urgent.shift();
    if (uri !== undefined) return uri;
    if (!this.laterDue) return undefined;
    const [first] = this.later;
    if (first !== undefined) this.later.delete(first);
    return first;
  }

  private hasWork(): boolean {
    return this.urgent.length > 0 || (this.laterDue && this.later.size > 0);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.disposed && this.hasWork()) {
        // Let already-received notifications through until they bring no new change. The
        // connection handles one message per event-loop turn, queued behind our own turn, so each
        // check spans two turns: one in which the next message is handled, one to see its effect.
        let seen: number;
        do {
          seen = this.generation;
          await nextTurn();
          await nextTurn();
        } while (seen !== this.generation && !this.disposed);
        const uri = this.next();
        if (uri === undefined || this.disposed) break;
        await this.lintOne(uri);
      }
    } finally {
      this.running = false;
    }
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
