/**
 * Blocking calls reached through synchronous functions of the workspace, from a call in a
 * coroutine: `load_config()` calling `open()` blocks the loop as much as the direct call. Followed
 * through the semantics (imports, `self` methods) to depth 3; reported once, at the call in the
 * coroutine, naming every step.
 */
import { defNodeOf, defOf } from '../../languages/python/effects.ts';
import type { PySemantics } from '../../languages/python/semantics.ts';
import { isAsyncDef, walk, type Node } from '../../languages/python/syntax.ts';

const MAX_DEPTH = 3;

/** `directApi(semantics, call)` names the blocking API a call is, in the module the call is in. */
export type DirectApi = (semantics: PySemantics, call: Node) => string | undefined;

export class BlockingChains {
  private readonly memo = new Map<string, string[] | null>();

  constructor(private readonly directApi: DirectApi) {}

  /** The steps from the call's callee to a blocking API, or undefined. */
  chainOf(semantics: PySemantics, call: Node, depth = 0): string[] | undefined {
    if (depth >= MAX_DEPTH) return undefined;
    const callee = call.childForFieldName('function');
    if (!callee) return undefined;
    let def;
    try {
      const value = semantics.valueOf(callee);
      def = value && defOf(semantics, value);
    } catch {
      return undefined;
    }
    if (!def) return undefined;
    const key = `${def.file}:${def.start}`;
    if (this.memo.has(key)) return this.prefixed(callee, this.memo.get(key));
    this.memo.set(key, null); // a recursion finds nothing new
    const fn = defNodeOf(def);
    // A coroutine blocks only through its own calls, which are reported inside it.
    let found: string[] | undefined;
    if (fn && !isAsyncDef(fn)) {
      const body = fn.childForFieldName('body');
      if (body) {
        walk(body, (node) => {
          if (found) return false;
          if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') return false;
          if (node.type !== 'call') return true;
          const api = this.directApi(def.semantics, node);
          found = api ? [api] : this.chainOf(def.semantics, node, depth + 1);
          return !found;
        });
      }
    }
    this.memo.set(key, found ?? null);
    return this.prefixed(callee, found ?? null);
  }

  private prefixed(callee: Node, rest: string[] | null | undefined): string[] | undefined {
    return rest ? [callee.text.replace(/\s+/g, ''), ...rest] : undefined;
  }
}
