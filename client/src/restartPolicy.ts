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

export interface CloseDecision {
  restart: boolean;
  /** Shown by the language client when it gives up. */
  message?: string;
}

/**
 * What to do when the server's connection closes unexpectedly: restart it with a visible notice
 * (never silently) while the policy allows, else stop and say how to start it again.
 */
export function onServerClosed(policy: RestartPolicy, showWarning: (message: string) => void): CloseDecision {
  if (policy.allowRestart()) {
    showWarning('Async Lint: the language server stopped unexpectedly and is being restarted.');
    return { restart: true };
  }
  const minutes = Math.round(policy.windowMs / 60_000);
  return {
    restart: false,
    message: `Async Lint: the language server stopped ${policy.maxRestarts + 1} times in ${minutes} minutes and will not be restarted. Run "Async Lint: Restart server" after checking the output.`,
  };
}
