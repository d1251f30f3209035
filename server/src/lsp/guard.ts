/**
 * Keeps the server serving whatever a feature does: every handler is wrapped so that an error is
 * logged with its context (to the client's output, or stderr when the connection is gone) and a
 * request is answered with its fallback; a failing rule is logged once per distinct error.
 */
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';

export type RequestHandler<P, R> = (params: P, token: CancellationToken, progress: WorkDoneProgressReporter) => R | Promise<R>;

export class HandlerGuard {
  private readonly loggedRuleErrors = new Set<string>();

  constructor(private readonly connection: Connection) {}

  /** Wraps a request handler: errors are logged and answered with `fallback`. */
  request<P, R>(name: string, fallback: R, handler: RequestHandler<P, R>): (params: P, token: CancellationToken, progress: WorkDoneProgressReporter) => Promise<R> {
    return async (params, token, progress) => {
      try {
        return await handler(params, token, progress);
      } catch (error) {
        this.logError(`${name} request`, error);
        return fallback;
      }
    };
  }

  notification<P>(name: string, handler: (params: P) => void | Promise<void>): (params: P) => void {
    return (params) => {
      try {
        const done = handler(params);
        if (done) done.catch((error: unknown) => this.logError(`${name} notification`, error));
      } catch (error) {
        this.logError(`${name} notification`, error);
      }
    };
  }

  logRuleError(ruleId: string, fileName: string, error: unknown): void {
    const message = `rule ${ruleId} failed on ${fileName}: ${describeError(error)}`;
    if (this.loggedRuleErrors.has(message)) return;
    this.loggedRuleErrors.add(message);
    this.connection.console.error(message);
  }

  logError(context: string, error: unknown): void {
    const message = `async-lint: error while ${context}: ${describeError(error)}`;
    try {
      this.connection.console.error(message);
    } catch {
      // The connection itself is gone: stderr is all that is left.
      process.stderr.write(message + '\n');
    }
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
