/**
 * The import graph of server/src, read without the TypeScript compiler: a small scanner drops
 * comments and the insides of strings, template literals and regular expressions (rule docs hold
 * `import ... from 'node:fs'` as text), then the import and re-export forms are matched.
 */
import path from 'node:path';

export interface ImportEdge {
  /** The importing file, relative to the scanned root, with `/`. */
  from: string;
  /** As written: `node:fs`, `../core/text.ts`. */
  specifier: string;
  /** The imported file relative to the root, for a relative specifier. */
  to?: string;
  typeOnly: boolean;
}

/**
 * The code of `source` with comments removed and every string, template literal and regular
 * expression replaced by `"<n>"`, where `strings[n]` is the string's value (templates and regular
 * expressions count as empty strings).
 */
export function maskSource(source: string): { code: string; strings: string[] } {
  const strings: string[] = [];
  let code = '';
  let i = 0;
  const n = source.length;
  // Whether a `/` here starts a regular expression (not a division): after an operator, an opening
  // bracket, a comma or a keyword such as `return`.
  const regexAllowed = () => {
    const before = code.trimEnd();
    if (before === '') return true;
    const last = before[before.length - 1]!;
    if ('([{,;:=!&|?+-*%<>~^'.includes(last)) return true;
    return /\b(return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/.test(before);
  };
  const skipString = (quote: string): string => {
    let value = '';
    i++;
    while (i < n && source[i] !== quote) {
      if (source[i] === '\\') {
        value += source[i + 1] ?? '';
        i += 2;
      } else {
        value += source[i];
        i++;
      }
    }
    i++;
    return value;
  };
  const skipTemplate = (): void => {
    i++; // the backtick
    while (i < n && source[i] !== '`') {
      if (source[i] === '\\') i += 2;
      else if (source[i] === '$' && source[i + 1] === '{') {
        // An expression inside: skip to its matching brace, over nested strings and templates.
        i += 2;
        let depth = 1;
        while (i < n && depth > 0) {
          const c = source[i]!;
          if (c === '{') depth++;
          else if (c === '}') depth--;
          else if (c === '"' || c === "'") {
            skipString(c);
            continue;
          } else if (c === '`') {
            skipTemplate();
            continue;
          }
          i++;
        }
      } else i++;
    }
    i++;
  };
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      code += ' ';
    } else if (c === '"' || c === "'") {
      strings.push(skipString(c));
      code += `"${strings.length - 1}"`;
    } else if (c === '`') {
      skipTemplate();
      strings.push('');
      code += `"${strings.length - 1}"`;
    } else if (c === '/' && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < n && (inClass || source[i] !== '/') && source[i] !== '\n') {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (i < n && /[a-z]/i.test(source[i]!)) i++; // flags
      strings.push('');
      code += `"${strings.length - 1}"`;
    } else {
      code += c;
      i++;
    }
  }
  return { code, strings };
}

const IMPORT_FORMS = [
  // import x from 'm'; import { a } from 'm'; import * as m from 'm'; import type { T } from 'm'
  /\bimport\s+(type\s+)?[\w$*{}\s,]+?\s+from\s*"(\d+)"/g,
  // import 'm' (side effects only)
  /\bimport\s*()"(\d+)"/g,
  // import('m')
  /\bimport\s*\(\s*()"(\d+)"/g,
  // export * from 'm'; export { a } from 'm'; export type { T } from 'm'
  /\bexport\s+(type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*"(\d+)"/g,
];

/** The imports of one file; `file` is relative to `root`'s folder, with `/`. */
export function importsOf(file: string, source: string): ImportEdge[] {
  const { code, strings } = maskSource(source);
  const edges: ImportEdge[] = [];
  for (const form of IMPORT_FORMS) {
    for (const m of code.matchAll(form)) {
      const specifier = strings[Number(m[2])]!;
      const to = specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) : undefined;
      edges.push({ from: file, specifier, to, typeOnly: m[1] !== undefined && m[1] !== '' });
    }
  }
  return edges;
}

/** The import circles among `files` (relative path → source): each as the files along it, the first repeated at the end. */
export function importCircles(edges: readonly ImportEdge[], includeTypeOnly = true): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!e.to || (e.typeOnly && !includeTypeOnly)) continue;
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from)!.add(e.to);
  }
  // Tarjan's strongly connected components, iteratively; a component of more than one file (or a
  // file importing itself) holds a circle, reported along one path through it.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  let counter = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: [...(graph.get(node) ?? [])].sort()[Symbol.iterator]() });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const to = step.value;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      for (;;) {
        const member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
        if (member === frame.node) break;
      }
      const members = new Set(component);
      if (component.length > 1 || graph.get(frame.node)?.has(frame.node)) circles.push(pathThrough(graph, members, frame.node));
    }
  }
  return circles;
}

/** A circle from `start` back to it inside `members` (breadth-first: the shortest). */
function pathThrough(graph: Map<string, Set<string>>, members: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of [...(graph.get(node) ?? [])].sort()) {
      if (!members.has(to)) continue;
      if (to === start) {
        const route = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) route.splice(1, 0, at);
        return [...route, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
