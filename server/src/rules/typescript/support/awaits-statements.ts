/**
 * Classifies TypeScript statements for `sequential-awaits`: the neutral model the grouping reads,
 * plus the pieces the Promise.all fix reassembles. Also builds the enclosing class's model so
 * `this.m()` calls can be followed.
 */
import { NodeFlags, SyntaxKind, ts, type CallExpression, type Expression, type Node, type SourceFile, type Statement } from '../../../languages/typescript/ast.ts';
import { ANY_MEMBER, type AwaitStatement, type ClassModel } from '../../shared/awaits-model.ts';
import { isFunctionBoundary } from '../../../languages/typescript/walk.ts';
import { awaitedCallOf, bindingNamesOf, collectReferences, describeCall, SUPER_MEMBER } from './awaits-syntax.ts';

export type DeclarationKind = 'const' | 'let' | 'var';

/** What the fix needs of one statement. */
export interface StatementParts {
  /** `const`/`let`/`var` for declarations; undefined for assignments and bare awaits. */
  declarationKind?: DeclarationKind;
  /** Modifiers before the declaration keyword (`export `), verbatim. */
  modifiers: string;
  /** The binding name/pattern or the assignment target. */
  target?: Node;
  /** The declared type, if any. */
  type?: Node;
  call: CallExpression;
  /** False when combining would change a declared type (`as`, `!` around the await). */
  combinable: boolean;
}

export interface ClassifiedStatement {
  node: Statement;
  model: AwaitStatement;
  parts?: StatementParts;
}

const OTHER: AwaitStatement = { kind: 'other', binds: [], targetReads: [], mutatedRoots: [], instanceWrites: [] };

export function classifyStatement(node: Statement, sf: SourceFile): ClassifiedStatement {
  const other: ClassifiedStatement = { node, model: OTHER };
  if (ts.isVariableStatement(node)) {
    const list = node.declarationList;
    const declaration = list.declarations.length === 1 ? list.declarations[0]! : undefined;
    const site = awaitedCallOf(declaration?.initializer);
    // `using`/`await using` tie the value's lifetime to the scope: never candidates.
    if (!declaration || !site || list.flags & NodeFlags.Using) return other;
    const { binds, reads } = bindingNamesOf(declaration.name);
    return {
      node,
      model: { kind: 'bound', call: describeCall(site.call, sf), binds, targetReads: reads, mutatedRoots: [], instanceWrites: [] },
      parts: {
        declarationKind: list.flags & NodeFlags.Const ? 'const' : list.flags & NodeFlags.Let ? 'let' : 'var',
        modifiers: sf.text.slice(node.getStart(sf), list.getStart(sf)),
        target: declaration.name,
        type: declaration.type,
        call: site.call,
        combinable: !site.retyped,
      },
    };
  }
  if (!ts.isExpressionStatement(node)) return other;
  const expr = node.expression;
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === SyntaxKind.EqualsToken) {
    const site = awaitedCallOf(expr.right);
    const target = site && describeTarget(expr.left);
    if (!site || !target) return other;
    return {
      node,
      model: { kind: 'bound', call: describeCall(site.call, sf), ...target },
      parts: { modifiers: '', target: expr.left, call: site.call, combinable: !site.retyped },
    };
  }
  const site = awaitedCallOf(expr);
  if (!site) return other;
  return {
    node,
    model: { kind: 'bare', call: describeCall(site.call, sf), binds: [], targetReads: [], mutatedRoots: [], instanceWrites: [] },
    parts: { modifiers: '', call: site.call, combinable: true },
  };
}

type TargetFacts = Pick<AwaitStatement, 'binds' | 'targetReads' | 'mutatedRoots' | 'instanceWrites'>;

/** What an assignment target binds, reads and mutates; undefined for targets the rule does not model. */
function describeTarget(left: Expression): TargetFacts | undefined {
  const facts: TargetFacts = { binds: [], targetReads: [], mutatedRoots: [], instanceWrites: [] };
  const add = (t: Node): boolean => {
    if (ts.isIdentifier(t)) {
      facts.binds.push(t.text);
      return true;
    }
    if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) return addMember(t);
    if (ts.isArrayLiteralExpression(t)) {
      return t.elements.every((el) => {
        if (ts.isOmittedExpression(el)) return true;
        if (ts.isSpreadElement(el)) return add(el.expression);
        if (ts.isBinaryExpression(el) && el.operatorToken.kind === SyntaxKind.EqualsToken) {
          facts.targetReads.push(...collectReferences(el.right).reads);
          return add(el.left);
        }
        return add(el);
      });
    }
    return false;
  };
  const addMember = (t: Node): boolean => {
    let below: Node = t;
    let e: Node = t;
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) {
      if (ts.isElementAccessExpression(e)) facts.targetReads.push(...collectReferences(e.argumentExpression).reads);
      below = e;
      e = e.expression;
    }
    if (ts.isThisExpression(e)) {
      // `this.p = ...` and `this.p.q = ...` both change what `this.p` reads; `this[k] = ...` is not modelled.
      if (!ts.isPropertyAccessExpression(below)) return false;
      facts.instanceWrites.push(below.name.text);
      return true;
    }
    if (!ts.isIdentifier(e)) return false;
    facts.mutatedRoots.push(e.text);
    facts.targetReads.push(e.text);
    return true;
  };
  return add(left) ? facts : undefined;
}

/**
 * The class whose instance `this` is at `node`: arrow functions keep the enclosing `this`; any other
 * function boundary that is not a class member ends the search (its `this` is unknown).
 */
export function classModelAt(node: Node): ClassModel | undefined {
  for (let n: Node | undefined = node; n; n = n.parent) {
    // Reached through arrow functions only: a field initializer (`m = async () => {...}`).
    if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) return classModelOf(n);
    if (!isFunctionBoundary(n) || ts.isArrowFunction(n)) continue;
    const owner = n.parent;
    if (ts.isFunctionExpression(n) && owner && ts.isPropertyDeclaration(owner)) return classModelOf(owner.parent);
    return owner && (ts.isClassDeclaration(owner) || ts.isClassExpression(owner)) ? classModelOf(owner) : undefined;
  }
  return undefined;
}

const classModels = new WeakMap<Node, ClassModel>();

function classModelOf(cls: Node | undefined): ClassModel | undefined {
  if (!cls || !(ts.isClassDeclaration(cls) || ts.isClassExpression(cls))) return undefined;
  const cached = classModels.get(cls);
  if (cached) return cached;
  const touches = new Map<string, string[]>();
  for (const member of cls.members) {
    const body = memberBody(member);
    const name = memberNameOf(member);
    if (!body || name === undefined) continue;
    const refs = collectReferences(body);
    const touched = [...refs.instanceReads, ...refs.instanceCalls.filter((c) => c !== SUPER_MEMBER)];
    if (refs.passesInstance || refs.instanceCalls.includes(SUPER_MEMBER)) touched.push(ANY_MEMBER);
    touches.set(name, [...(touches.get(name) ?? []), ...touched]);
  }
  const model = { touches };
  classModels.set(cls, model);
  return model;
}

function memberNameOf(member: Node): string | undefined {
  const name = (member as { name?: Node }).name;
  return name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
}

/** The code that runs when a member is called or read: a method/accessor body or a function-valued field. */
function memberBody(member: Node): Node | undefined {
  if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) return member.body;
  if (ts.isPropertyDeclaration(member) && member.initializer && (ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer))) {
    return member.initializer.body;
  }
  return undefined;
}
