import type { Fix } from '../../core/types.ts';
import { enclosingAsyncDef, isExpressionStatementValue, walk, type Node } from '../../languages/python/syntax.ts';
import { callLabel } from './fixSupport.ts';
import { keepInSetFix, keepNamedInSetFix, taskGroupFix } from './taskFixes.ts';
import type { PyRule } from './types.ts';

/** How a task is dropped other than as a statement of its own; undefined when it is kept or handed on. */
type Dropped =
  | { kind: 'unread'; statement: Node; names: string[] }
  | { kind: 'collection' | 'condition' | 'with' };

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression']);
const LITERALS = new Set(['list', 'tuple', 'set', 'expression_list']);

function outermost(node: Node): Node {
  let n = node;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  return n;
}

/** Whether the value of `node` (a task, or something holding it) is thrown away where it stands. */
function droppedAt(node: Node, holdsTask: boolean): Dropped | undefined {
  const n = outermost(node);
  const parent = n.parent;
  if (!parent) return undefined;
  if (!holdsTask && parent.type === 'expression_statement' && parent.namedChildCount === 1) return { kind: 'collection' };
  if (LITERALS.has(parent.type) || (COMPREHENSIONS.has(parent.type) && parent.namedChild(0)?.equals(n))) return droppedAt(parent, false);
  if (parent.type === 'conditional_expression') {
    if (parent.namedChild(1)?.equals(n)) return { kind: 'condition' };
    return droppedAt(parent, holdsTask);
  }
  if (parent.type === 'if_clause') return { kind: 'condition' };
  if (parent.type === 'with_item' || (parent.type === 'as_pattern' && parent.parent?.type === 'with_item' && parent.namedChild(0)?.equals(n))) return { kind: 'with' };
  if (holdsTask && parent.type === 'assignment' && parent.childForFieldName('right')?.equals(n)) return unreadLocal(parent);
  return undefined;
}

/** `task = create_task(...)` (also `a = b = ...`) in a function, where no target name is ever read. */
function unreadLocal(assignment: Node): Dropped | undefined {
  const names: string[] = [];
  let top = assignment;
  for (let a: Node | null = assignment; a?.type === 'assignment'; a = a.parent?.type === 'assignment' ? a.parent : null) {
    top = a;
    const left = a.childForFieldName('left');
    if (left?.type !== 'identifier') return undefined;
    names.push(left.text);
  }
  let fn: Node | null = top.parent;
  while (fn && fn.type !== 'function_definition' && fn.type !== 'class_definition' && fn.type !== 'module') fn = fn.parent;
  if (fn?.type !== 'function_definition') return undefined; // module and class attributes stay referenced
  const body = fn.childForFieldName('body');
  if (!body || names.some((name) => readsOrDeclares(body, name))) return undefined;
  const statement = top.parent?.type === 'expression_statement' ? top.parent : top;
  return { kind: 'unread', statement, names };
}

/** The function's code (closures too) reads `name`, or declares it global/nonlocal. */
function readsOrDeclares(body: Node, name: string): boolean {
  let found = false;
  walk(body, (n) => {
    if (found) return false;
    if ((n.type === 'global_statement' || n.type === 'nonlocal_statement') && n.namedChildren.some((c) => c?.text === name)) found = true;
    else if (n.type === 'identifier' && n.text === name && !isWriteTarget(n)) found = true;
    return !found;
  });
  return found;
}

function isWriteTarget(identifier: Node): boolean {
  let n = identifier;
  while (n.parent && (n.parent.type === 'pattern_list' || n.parent.type === 'tuple_pattern' || n.parent.type === 'parenthesized_expression')) n = n.parent;
  const parent = n.parent;
  return parent?.type === 'assignment' && parent.childForFieldName('left')?.equals(n) === true;
}

const MESSAGES: Record<Dropped['kind'], string> = {
  unread: 'is kept only in a variable that is never read',
  collection: 'is put in a collection that is thrown away',
  condition: 'is only tested for truth and then dropped',
  with: 'is used as a context manager (a Task is not one) and dropped',
};

export const rule: PyRule = {
  meta: {
    id: 'dangling-task',
    languages: ['python'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'A task is started and no reference to it is kept, so it can be garbage-collected mid-flight.',
      what:
        'Reports `asyncio.create_task(...)`, `asyncio.ensure_future(...)`, `loop.create_task(...)` (on a loop from `asyncio.get_running_loop()` and friends, also one declared on another class: `self.client.loop`) and project wrappers — a plain `def` or method every `return` of which returns such a task — whose task is dropped: used as a statement of its own; bound in a function to a local name that is never read (`task = asyncio.create_task(...)` and nothing reads `task`; a name declared `global` or read by a closure counts as kept); put in a list, tuple or comprehension that is itself a dropped statement; tested for truth (the condition of `x if task else y` or of a comprehension\'s `if`); or used as a `with` context manager. Tasks of a `TaskGroup` (`tg.create_task`) are kept by the group and are not reported. A task passed to a call, stored in an attribute, item or collection that is kept, returned or awaited is kept.',
      why:
        'The event loop keeps only a weak reference to a task. A task nobody references can be garbage-collected before it finishes, silently stopping its work; and an exception it raises is never retrieved by anyone, only logged when it is collected. The asyncio documentation asks to keep a reference to every task.',
      useInstead:
        'Keep the task in a collection for as long as it runs — the documented pattern is a module-level set with `task.add_done_callback(tasks.discard)` — or start it in an `async with asyncio.TaskGroup() as tg:` block, which waits for it and propagates its errors.',
      fixSafety:
        'Keeping the task in a module-level set is safe: the task runs exactly as before, it is only protected from garbage collection and removed from the set when it is done. Moving it into a TaskGroup (Python 3.11+) is unsafe: the function then waits for the task before leaving the block, and an error in the task cancels the rest of the block. That fix is offered only for tasks started directly in a coroutine\'s body, and not when the project\'s `requires-python` allows a Python older than 3.11.',
      examples: [
        {
          language: 'python',
          bad: 'import asyncio\n\n\nasync def notify(user):\n    await asyncio.sleep(0.1)\n\n\nasync def handle(user):\n    asyncio.create_task(notify(user))\n',
          good: 'import asyncio\n\n_background_tasks = set()\n\n\nasync def notify(user):\n    await asyncio.sleep(0.1)\n\n\nasync def handle(user):\n    task = asyncio.create_task(notify(user))\n    _background_tasks.add(task)\n    task.add_done_callback(_background_tasks.discard)\n',
        },
      ],
    },
  },
  create(ctx) {
    return {
      visit: {
        call(call) {
          const asStatement = isExpressionStatementValue(call);
          const dropped = asStatement ? undefined : droppedAt(call, true);
          if (!asStatement && !dropped) return;
          const info = ctx.semantics.callInfo(call);
          if (!info?.startsTask) return;
          if (dropped) {
            const fix = dropped.kind === 'unread' ? keepNamedInSetFix(ctx, dropped.statement, dropped.names[0]!) : undefined;
            ctx.report({
              start: call.startIndex,
              end: call.endIndex,
              message: `The task from \`${callLabel(call)}\` ${MESSAGES[dropped.kind]}: the event loop references tasks only weakly, so it can be garbage-collected before it finishes, and its errors go unseen.`,
              fixes: fix ? [fix] : [],
            });
            return;
          }
          const statement = call.parent!;
          const fixes: Fix[] = [];
          const keep = keepInSetFix(ctx, statement, call);
          if (keep) fixes.push(keep);
          const fn = enclosingAsyncDef(call);
          const group = fn && info.library && !info.qname.endsWith('ensure_future') ? taskGroupFix(ctx, statement, call, fn) : undefined;
          if (group) fixes.push(group);
          ctx.report({
            start: call.startIndex,
            end: call.endIndex,
            message: `The task from \`${callLabel(call)}\` is not kept: the event loop references tasks only weakly, so it can be garbage-collected before it finishes, and its errors go unseen.`,
            fixes,
          });
        },
      },
    };
  },
};
