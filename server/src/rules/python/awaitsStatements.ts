/**
 * Classifies Python statements for `sequential-awaits`: the neutral model the shared grouping
 * reads, plus the pieces the gather and TaskGroup rewrites reassemble.
 */
import { stripParens, type Node } from '../../languages/python/syntax.ts';
import { firstWord } from '../shared/awaits-vocabulary.ts';
import type { AwaitStatement } from '../shared/awaits-model.ts';
import { awaitedCallOf, collectReferences, describeCall } from './awaitsSyntax.ts';

/** What the rewrites need of one statement. */
export interface StatementParts {
  /** The assignment target; undefined for a bare `await f()`. */
  target?: Node;
  /** The annotation of `x: T = await f()`. */
  type?: Node;
  call: Node;
}

export interface ClassifiedStatement {
  node: Node;
  model: AwaitStatement;
  parts?: StatementParts;
}

const OTHER: AwaitStatement = { kind: 'other', binds: [], targetReads: [], mutatedRoots: [], instanceWrites: [] };

export function classifyStatement(node: Node, instance: string | undefined): ClassifiedStatement {
  const other: ClassifiedStatement = { node, model: OTHER };
  if (node.type !== 'expression_statement' || node.namedChildCount !== 1) return other;
  const expr = node.namedChild(0)!;
  if (expr.type === 'assignment') {
    const left = expr.childForFieldName('left');
    const call = awaitedCallOf(expr.childForFieldName('right'));
    const target = left && call && describeTarget(left, instance);
    if (!left || !call || !target) return other;
    const type = expr.childForFieldName('type') ?? undefined;
    return { node, model: { kind: 'bound', call: describeCall(call, instance), ...target }, parts: { target: left, type, call } };
  }
  const call = awaitedCallOf(expr);
  if (!call) return other;
  return { node, model: { kind: 'bare', call: describeCall(call, instance), binds: [], targetReads: [], mutatedRoots: [], instanceWrites: [] }, parts: { call } };
}

type TargetFacts = Pick<AwaitStatement, 'binds' | 'targetReads' | 'mutatedRoots' | 'instanceWrites'>;

/** What an assignment target binds, reads and mutates; undefined for targets the rule does not model. */
function describeTarget(left: Node, instance: string | undefined): TargetFacts | undefined {
  const facts: TargetFacts = { binds: [], targetReads: [], mutatedRoots: [], instanceWrites: [] };
  const add = (t: Node): boolean => {
    const n = stripParens(t);
    switch (n.type) {
      case 'identifier':
        facts.binds.push(n.text);
        return true;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
        return n.namedChildren.every((c) => !!c && c.type !== 'comment' && add(c));
      case 'list_splat_pattern':
      case 'list_splat':
        return !!n.namedChild(0) && add(n.namedChild(0)!);
      case 'attribute':
      case 'subscript':
        return addMember(n);
      default:
        return false;
    }
  };
  const addMember = (t: Node): boolean => {
    let below = t;
    let e = t;
    while (e.type === 'attribute' || e.type === 'subscript' || e.type === 'parenthesized_expression') {
      if (e.type === 'subscript') {
        for (const index of e.childrenForFieldName('subscript')) if (index) facts.targetReads.push(...collectReferences(index, instance).reads);
      }
      below = e;
      e = e.type === 'attribute' ? e.childForFieldName('object')! : e.type === 'subscript' ? e.childForFieldName('value')! : e.namedChild(0)!;
    }
    if (e.type !== 'identifier') return false;
    if (instance !== undefined && e.text === instance) {
      // `self.p = ...` and `self.p.q = ...` both change what `self.p` reads; `self[k] = ...` is not modelled.
      if (below.type !== 'attribute') return false;
      facts.instanceWrites.push(below.childForFieldName('attribute')!.text);
      return true;
    }
    facts.mutatedRoots.push(e.text);
    facts.targetReads.push(e.text);
    return true;
  };
  return add(left) ? facts : undefined;
}

/**
 * Calls that create a resource (a connection, a server, a pool, a started process): combined with
 * gather, one failing leaves the other's resource created and unowned, so no rewrite is offered.
 */
export function createsResource(calleeNames: readonly string[]): boolean {
  return calleeNames.some((name) => {
    const word = firstWord(name);
    return ['open', 'connect', 'create', 'start', 'spawn'].includes(word) || /server$/i.test(name);
  });
}
