/**
 * How a file refers to modules: which module (or module export) a name is bound to, through ESM
 * imports (`import * as fs`, `import fs`, `import { readFileSync as rfs }`, `import fs = require()`)
 * or CommonJS (`const fs = require('fs')`, `const { readFileSync } = require('node:fs')`,
 * `const rfs = require('fs').readFileSync`, `await import('fs')`), with lexical scoping so that a
 * local of the same name hides the import; and the edits that add an import a fix needs.
 */
import type { TextEdit } from '../../core/types.ts';
import { freeName, lineBreakOf } from '../../core/text.ts';
import { NodeFlags, SyntaxKind, ts, type Identifier, type Node, type SourceFile } from './ast.ts';
import { forEachDescendant, forEachNode } from './walk.ts';

/** What a name stands for: a whole module, or one export of it. Modules are named without `node:`. */
export interface ModuleBinding {
  module: string;
  /** Undefined for the module object itself (namespace, default import, `require(...)`). */
  exportName?: string;
}

export function normalizeModuleName(specifier: string): string {
  return specifier.replace(/^node:/, '');
}

/** `require('m')` or `await import('m')`: the module it loads. */
export function loadedModuleOf(expression: Node): string | undefined {
  let e: Node = expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isAwaitExpression(e)) {
    e = e.expression;
    if (!ts.isCallExpression(e) || e.expression.kind !== SyntaxKind.ImportKeyword) return undefined;
  } else if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'require') {
    return undefined;
  }
  const arg = e.arguments[0];
  return e.arguments.length === 1 && arg && ts.isStringLiteral(arg) ? normalizeModuleName(arg.text) : undefined;
}

/** Whole-module and `promises` of `fs` is the same object as the `fs/promises` module. */
function canonical(binding: ModuleBinding): ModuleBinding {
  return binding.module === 'fs' && binding.exportName === 'promises' ? { module: 'fs/promises' } : binding;
}

function exportBinding(module: string, exportName: string): ModuleBinding {
  return canonical(exportName === 'default' ? { module } : { module, exportName });
}

/** The module binding a declared name creates, if its declaration imports or requires a module. */
export function moduleBindingOfDeclaredName(name: Identifier): ModuleBinding | undefined {
  const decl = name.parent;
  if (ts.isImportClause(decl) || ts.isNamespaceImport(decl) || ts.isImportSpecifier(decl)) {
    const clause = ts.isImportClause(decl) ? decl : ts.isNamespaceImport(decl) ? decl.parent : decl.parent.parent;
    if (!ts.isImportClause(clause) || clause.phaseModifier === SyntaxKind.TypeKeyword) return undefined;
    if (ts.isImportSpecifier(decl) && decl.isTypeOnly) return undefined;
    const importDecl = clause.parent;
    if (!ts.isImportDeclaration(importDecl) || !ts.isStringLiteral(importDecl.moduleSpecifier)) return undefined;
    const module = normalizeModuleName(importDecl.moduleSpecifier.text);
    if (ts.isImportSpecifier(decl)) return exportBinding(module, (decl.propertyName ?? decl.name).text);
    return { module };
  }
  if (ts.isImportEqualsDeclaration(decl)) {
    const ref = decl.moduleReference;
    if (decl.isTypeOnly || !ts.isExternalModuleReference(ref) || !ts.isStringLiteral(ref.expression)) return undefined;
    return { module: normalizeModuleName(ref.expression.text) };
  }
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    const whole = loadedModuleOf(decl.initializer);
    if (whole) return canonical({ module: whole });
    const init = decl.initializer;
    if (ts.isPropertyAccessExpression(init) && ts.isIdentifier(init.name)) {
      const module = loadedModuleOf(init.expression);
      if (module) return exportBinding(module, init.name.text);
    }
    return undefined;
  }
  if (ts.isBindingElement(decl) && !decl.dotDotDotToken) {
    const pattern = decl.parent;
    const varDecl = pattern.parent;
    if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(varDecl) || !varDecl.initializer) return undefined;
    const module = loadedModuleOf(varDecl.initializer);
    const key = decl.propertyName ?? decl.name;
    if (!module || !key || !(ts.isIdentifier(key) || ts.isStringLiteral(key))) return undefined;
    return exportBinding(module, key.text);
  }
  return undefined;
}

/** The module binding `identifier` refers to at its position, respecting locals that hide imports. */
export function moduleBindingOf(identifier: Identifier): ModuleBinding | undefined {
  const declared = declarationOf(identifier.text, identifier);
  return declared ? moduleBindingOfDeclaredName(declared) : undefined;
}

/** Whether a declared name belongs to a module-level statement (not a lazy require in a function or block). */
export function isModuleLevel(name: Node): boolean {
  for (let n = name.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseBlock(n) || ts.isFunctionLikeDeclaration(n)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Scopes

/** The declared name (an Identifier) that `name` resolves to at `at`, or undefined for a global. */
export function declarationOf(name: string, at: Node): Identifier | undefined {
  for (let scope: Node | undefined = at.parent; scope; scope = scope.parent) {
    const found = declaredIn(scope, name);
    if (found) return found;
  }
  return undefined;
}

function declaredIn(scope: Node, name: string): Identifier | undefined {
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    const inStatements = firstInStatements(scope.statements, name);
    if (inStatements) return inStatements;
    return ts.isSourceFile(scope) ? hoistedVar(scope, name) : undefined;
  }
  if (ts.isCaseBlock(scope)) {
    for (const clause of scope.clauses) {
      const found = firstInStatements(clause.statements, name);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isFunctionLikeDeclaration(scope)) {
    for (const p of scope.parameters) {
      const found = inBindingName(p.name, name);
      if (found) return found;
    }
    if (ts.isFunctionExpression(scope) && scope.name?.text === name) return scope.name;
    return scope.body && ts.isBlock(scope.body) ? hoistedVar(scope.body, name) : undefined;
  }
  if (ts.isClassExpression(scope)) return scope.name?.text === name ? scope.name : undefined;
  if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
    const init = scope.initializer;
    return init && ts.isVariableDeclarationList(init) ? inDeclarationList(init, name) : undefined;
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration) return inBindingName(scope.variableDeclaration.name, name);
  return undefined;
}

function firstInStatements(statements: readonly Node[], name: string): Identifier | undefined {
  for (const s of statements) {
    const found = declaredByStatement(s, name);
    if (found) return found;
  }
  return undefined;
}

function declaredByStatement(s: Node, name: string): Identifier | undefined {
  if (ts.isVariableStatement(s)) return inDeclarationList(s.declarationList, name);
  if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) {
    return s.name && ts.isIdentifier(s.name) && s.name.text === name ? s.name : undefined;
  }
  if (ts.isImportEqualsDeclaration(s)) return s.name.text === name ? s.name : undefined;
  if (ts.isImportDeclaration(s) && s.importClause) {
    const clause = s.importClause;
    if (clause.name?.text === name) return clause.name;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) return bindings.name.text === name ? bindings.name : undefined;
    if (bindings && ts.isNamedImports(bindings)) return bindings.elements.find((e) => e.name.text === name)?.name;
  }
  return undefined;
}

function inDeclarationList(list: Node, name: string): Identifier | undefined {
  if (!ts.isVariableDeclarationList(list)) return undefined;
  for (const d of list.declarations) {
    const found = inBindingName(d.name, name);
    if (found) return found;
  }
  return undefined;
}

function inBindingName(binding: Node, name: string): Identifier | undefined {
  if (ts.isIdentifier(binding)) return binding.text === name ? binding : undefined;
  if (ts.isObjectBindingPattern(binding) || ts.isArrayBindingPattern(binding)) {
    for (const element of binding.elements) {
      const found = ts.isBindingElement(element) && element.name ? inBindingName(element.name, name) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** A `var` anywhere in a function body (or the file) outside nested functions is scoped to it. */
function hoistedVar(root: Node, name: string): Identifier | undefined {
  // The last one when a name is declared again (`var x = a; ... var x = b;`).
  let found: Identifier | undefined;
  forEachDescendant(root, (node) => {
    if (ts.isFunctionLikeDeclaration(node) || ts.isClassLikeDeclaration(node)) return false;
    if (ts.isVariableDeclarationList(node) && !(node.flags & (NodeFlags.Let | NodeFlags.Const | NodeFlags.Using))) {
      found = inDeclarationList(node, name) ?? found;
    }
  });
  return found;
}

const NON_BINDING_NAME_PARENTS = new Set<SyntaxKind>([
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
  SyntaxKind.PropertySignature,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.MethodSignature,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
  SyntaxKind.EnumMember,
]);

const namesCache = new WeakMap<SourceFile, Set<string>>();

/**
 * Every name declared or referenced anywhere in the file (property names excepted). A name
 * outside this set can be bound at the top level without hiding or being hidden by anything.
 */
export function namesUsedIn(sourceFile: SourceFile): ReadonlySet<string> {
  const cached = namesCache.get(sourceFile);
  if (cached) return cached;
  const names = new Set<string>();
  forEachNode(sourceFile, (node) => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isPropertyName = NON_BINDING_NAME_PARENTS.has(parent.kind) && (parent as { name?: Node }).name === node;
      if (!isPropertyName) names.add(node.text);
    }
  });
  namesCache.set(sourceFile, names);
  return names;
}

// ---------------------------------------------------------------------------------------------
// Adding imports

export interface ImportRequest {
  /** Module as the added import spells it, e.g. `node:fs/promises`. */
  module: string;
  name: string;
}

export interface ImportPlan {
  /** Edits adding what is missing (none when everything is already imported). */
  edits: TextEdit[];
  /** Per request, the expression that refers to it at the use site: `readFile`, `fsp.readFile`. */
  references: string[];
}

interface TopLevelBinding {
  local: Identifier;
  binding: ModuleBinding;
}

/**
 * Plans how code at `at` refers to each requested export: an existing import of it (or of its
 * module) when one is visible there, otherwise a new name — `readFile`, or `readFileAsync` when
 * `readFile` is taken — added to an existing import/require of that module or in a new statement
 * after the file's last import (ESM) or require (CommonJS).
 */
export function planImports(sourceFile: SourceFile, requests: readonly ImportRequest[], at: Node): ImportPlan {
  const text = sourceFile.text;
  const existing = topLevelBindings(sourceFile);
  const taken = new Set(namesUsedIn(sourceFile));
  const edits: TextEdit[] = [];
  const newStatements = new Map<string, ImportedName[]>();
  const references = requests.map((request) => {
    const module = normalizeModuleName(request.module);
    const visible = existing.filter((b) => b.binding.module === module && declarationOf(b.local.text, at)?.pos === b.local.pos);
    const named = visible.find((b) => b.binding.exportName === request.name);
    if (named) return named.local.text;
    const whole = visible.find((b) => b.binding.exportName === undefined);
    if (whole) return `${whole.local.text}.${request.name}`;

    // readFileSync -> readFile, else readFileAsync, readFileAsync2, ...
    const local = freeName(request.name, taken, (n) => `${request.name}Async${n === 2 ? '' : n - 1}`);
    taken.add(local);
    const extension = extendExisting(sourceFile, module, request.name, local);
    if (extension) edits.push(extension);
    else newStatements.set(request.module, [...(newStatements.get(request.module) ?? []), { name: request.name, local }]);
    return local;
  });
  if (newStatements.size > 0) edits.push(insertStatements(sourceFile, text, newStatements));
  return { edits, references };
}

interface ImportedName {
  name: string;
  local: string;
}

function topLevelBindings(sourceFile: SourceFile): TopLevelBinding[] {
  const out: TopLevelBinding[] = [];
  const add = (id: Identifier | undefined): void => {
    const binding = id && moduleBindingOfDeclaredName(id);
    if (id && binding) out.push({ local: id, binding });
  };
  for (const s of sourceFile.statements) {
    if (ts.isImportDeclaration(s) && s.importClause) {
      add(s.importClause.name);
      const bindings = s.importClause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name);
      if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => add(e.name));
    } else if (ts.isImportEqualsDeclaration(s)) {
      add(s.name);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) add(d.name);
        else if (ts.isObjectBindingPattern(d.name)) d.name.elements.forEach((e) => e.name && ts.isIdentifier(e.name) && add(e.name));
      }
    }
  }
  return out;
}

/** `import { a } from 'm'` → `import { a, name } from 'm'`; the same for `const { a } = require('m')`. */
function extendExisting(sourceFile: SourceFile, module: string, name: string, local: string): TextEdit | undefined {
  for (const s of sourceFile.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && normalizeModuleName(s.moduleSpecifier.text) === module) {
      const clause = s.importClause;
      const bindings = clause?.namedBindings;
      if (!clause || clause.phaseModifier === SyntaxKind.TypeKeyword || !bindings || !ts.isNamedImports(bindings)) continue;
      const last = bindings.elements[bindings.elements.length - 1];
      if (last) return { start: last.end, end: last.end, newText: `, ${local === name ? name : `${name} as ${local}`}` };
    }
    if (ts.isVariableStatement(s) && s.declarationList.declarations.length === 1) {
      const d = s.declarationList.declarations[0]!;
      if (!ts.isObjectBindingPattern(d.name) || !d.initializer || loadedModuleOf(d.initializer) !== module) continue;
      if (ts.isAwaitExpression(d.initializer)) continue;
      const last = d.name.elements[d.name.elements.length - 1];
      if (last && !last.dotDotDotToken) return { start: last.end, end: last.end, newText: `, ${local === name ? name : `${name}: ${local}`}` };
    }
  }
  return undefined;
}

type ModuleStyle = 'esm' | 'cjs';

function isRequireStatement(s: Node): boolean {
  return ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => {
    const init = d.initializer;
    if (!init || ts.isAwaitExpression(init)) return false;
    return loadedModuleOf(init) !== undefined || (ts.isPropertyAccessExpression(init) && loadedModuleOf(init.expression) !== undefined);
  });
}

function isImportStatement(s: Node): boolean {
  return ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s);
}

/** Top-level imports or requires decide; then ESM syntax anywhere, the extension, and `require(` calls. */
function styleOf(sourceFile: SourceFile): ModuleStyle {
  if (sourceFile.statements.some(isImportStatement)) return 'esm';
  if (sourceFile.statements.some(isRequireStatement)) return 'cjs';
  if (typeof sourceFile.externalModuleIndicator === 'object') return 'esm';
  if (/\.c[jt]s$/i.test(sourceFile.fileName)) return 'cjs';
  if (/\.m[jt]s$/i.test(sourceFile.fileName)) return 'esm';
  return /\brequire\(/.test(sourceFile.text) ? 'cjs' : 'esm';
}

/** New import/require statements, one per module, on their own lines after the last import/require. */
function insertStatements(sourceFile: SourceFile, text: string, modules: ReadonlyMap<string, ImportedName[]>): TextEdit {
  const style = styleOf(sourceFile);
  const anchor = [...sourceFile.statements].reverse().find(style === 'esm' ? isImportStatement : isRequireStatement);
  const specifierQuote = anchor ? moduleSpecifierText(anchor, sourceFile)[0] : /(?:\brequire\(\s*|\bfrom\s*)(["'])/.exec(text)?.[1];
  const quote = specifierQuote === '"' ? '"' : "'";
  const semicolon = !anchor || text[anchor.end - 1] === ';' ? ';' : '';
  const keyword = anchor && ts.isVariableStatement(anchor) ? declarationKeyword(anchor.declarationList.flags) : 'const';
  const eol = lineBreakOf(text);
  const lines = [...modules].map(([module, specs]) => {
    const spec = `${quote}${module}${quote}`;
    const list = (rename: string) => specs.map((s) => (s.local === s.name ? s.name : `${s.name}${rename}${s.local}`)).join(', ');
    if (style === 'esm') return `import { ${list(' as ')} } from ${spec}${semicolon}`;
    return `${keyword} { ${list(': ')} } = require(${spec})${semicolon}`;
  });
  if (anchor) {
    // After the anchor's line when only a comment follows it there, so the comment stays put.
    const rest = /^[^\r\n]*/.exec(text.slice(anchor.end))![0];
    const at = /^\s*(\/\/.*)?$/.test(rest) ? anchor.end + rest.length : anchor.end;
    return { start: at, end: at, newText: lines.map((l) => eol + l).join('') };
  }
  const at = afterPrologue(sourceFile, text);
  return at === 0
    ? { start: 0, end: 0, newText: lines.map((l) => l + eol).join('') }
    : { start: at, end: at, newText: lines.map((l) => eol + l).join('') };
}

function moduleSpecifierText(statement: Node, sourceFile: SourceFile): string {
  if (ts.isImportDeclaration(statement)) return statement.moduleSpecifier.getText(sourceFile);
  if (ts.isImportEqualsDeclaration(statement)) return statement.moduleReference.getText(sourceFile).replace(/^require\(/, '');
  const match = /require\(\s*(['"])/.exec(statement.getText(sourceFile));
  return match?.[1] ?? "'";
}

function declarationKeyword(flags: number): string {
  if (flags & NodeFlags.Const) return 'const';
  return flags & NodeFlags.Let ? 'let' : 'var';
}

/** Offset after a shebang and 'use strict'-style directives, or 0. */
function afterPrologue(sourceFile: SourceFile, text: string): number {
  let at = text.startsWith('#!') ? /^[^\r\n]*/.exec(text)![0].length : 0;
  for (const s of sourceFile.statements) {
    if (!ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression)) break;
    at = s.end;
  }
  return at;
}

