/**
 * What names and calls in one file refer to: workspace functions and classes (through imports,
 * re-exports and packages), library callables and classes from the knowledge, and instances
 * created in the same scope. Precision first: anything not followed for certain is `undefined`,
 * and a name with several bindings is known only when they all agree.
 */
import path from 'node:path';
import { canonicalClassName, isLibraryRoot, knownClass, knownFunction } from '../../knowledge/python-library.ts';
import { attributeValue, type AttributeSemantics } from './attributes.ts';
import { scopeKey, shapeOf, type Binding, type CallKind, type ClassSummary, type ExprShape, type Scope, type ScopeTable } from './scopes.ts';
import { isCodeBoundary, type Node } from './syntax.ts';
import { classKey, classRefOf, fromKnown, instanceOf, valueKey, type CallInfo, type ClassRef, type PyValue } from './values.ts';
import { importRoots, moduleFileOf, type ModuleSummary, type PythonWorkspace, type ReadFile } from './workspace.ts';

export { classRefOf, valueKey, type CallInfo, type ClassRef, type PyValue } from './values.ts';

const MAX_DEPTH = 40;

export class PySemantics {
  /** Module files the analysis read, for the workspace's dependency map. */
  readonly touchedFiles = new Set<string>();
  private readonly reads = new Map<string, string | undefined>();
  private readonly inProgress = new Set<string>();
  /** Several rules ask about the same calls. */
  private readonly calls = new Map<string, CallInfo | undefined>();
  /** Node id → the scope found climbing from that node (inclusive). */
  private readonly scopeFrom = new Map<number, Scope>();
  private readonly rootsByDirectory = new Map<string, string[]>();
  private readonly subclasses = new Map<ClassSummary, ClassSummary[]>();
  private depth = 0;
  private readonly others = new Map<string, PySemantics | null>();

  constructor(
    private readonly workspace: PythonWorkspace,
    readonly fileName: string,
    readonly scopes: ScopeTable,
    private readonly readFileOuter: ReadFile,
  ) {}

  /** The innermost scope whose code contains `node`. */
  scopeAt(node: Node): Scope {
    // Memoized per ancestor: climbing from every call of a 20,000-deep expression is quadratic otherwise.
    const climbed: number[] = [];
    let found: Scope = this.scopes.module;
    for (let n = node.parent; n; n = n.parent) {
      const known = this.scopeFrom.get(n.id);
      if (known) {
        found = known;
        break;
      }
      climbed.push(n.id);
      if (isCodeBoundary(n)) {
        const scope = this.scopes.byNode.get(scopeKey(n));
        if (scope) {
          found = scope;
          break;
        }
      }
    }
    for (const id of climbed) this.scopeFrom.set(id, found);
    return found;
  }

  valueOf(node: Node): PyValue | undefined {
    return this.evaluate(shapeOf(node), this.scopeAt(node), node);
  }

  /** What a call expression calls, when known. */
  callInfo(call: Node): CallInfo | undefined {
    const key = `${call.startIndex}:${call.endIndex}`;
    if (this.calls.has(key)) return this.calls.get(key);
    const callee = call.childForFieldName('function');
    // The callee's scope is the call's: climbing from the call reuses what climbs from its ancestors memoized.
    const info = callee ? this.callOf(this.evaluate(shapeOf(callee), this.scopeAt(call), call)) : undefined;
    this.calls.set(key, info);
    return info;
  }

  /** `use`: the node reading the name in this file, when known: a name rebound in its own scope is read as bound there. */
  lookupName(name: string, scope: Scope, use?: Node): PyValue | undefined {
    const found = this.bindingsOf(name, scope);
    // An unbound `subprocess` or `time` can only be the module (anything else is a NameError): snippets and notebook cells omit imports.
    if (found === 'builtin') return { kind: 'library', qname: isLibraryRoot(name) && name !== 'builtins' ? name : `builtins.${name}` };
    if (!found) return undefined;
    const bindings = use && found.bindings.length > 1 && found.scope === scope ? this.reachingBindings(found.bindings, use) : found.bindings;
    return this.valueOfBindings(name, bindings, found.scope);
  }

  /**
   * The binding a use in the same scope reads, when the order of statements says so for certain:
   * the last one before the use, in the use's block or one around it, with no later binding in a
   * loop around the use. Otherwise all bindings (which must then agree).
   */
  private reachingBindings(bindings: Binding[], use: Node): Binding[] {
    const at = use.startIndex;
    let best: (Binding & { at: number; block: [number, number] }) | undefined;
    for (const b of bindings) {
      if ((b.kind !== 'value' && b.kind !== 'param') || b.at === undefined || !b.block) return bindings;
      if (b.at < at && (!best || b.at > best.at)) best = b as typeof best;
    }
    if (!best || best.block[0] > at || best.block[1] < at) return bindings;
    for (let n = use.parent; n && !isCodeBoundary(n); n = n.parent) {
      if (n.type !== 'for_statement' && n.type !== 'while_statement') continue;
      const loop = n;
      if (bindings.some((b) => (b.kind === 'value' || b.kind === 'param') && b.at! > at && b.at! < loop.endIndex && b.at! > loop.startIndex)) return bindings;
    }
    return [best];
  }

  /** Whether `name` is bound at `scope` (anything but a builtin or a possible wildcard import). */
  isBound(name: string, scope: Scope): boolean {
    return this.bindingsOf(name, scope) !== 'builtin';
  }

  /**
   * The bindings `name` resolves to from `scope`, following Python's rules: function scopes see
   * enclosing functions and the module but not class bodies; `global`/`nonlocal` redirect.
   * 'builtin' when nothing binds it; undefined when a wildcard import might.
   */
  private bindingsOf(name: string, start: Scope): { bindings: Binding[]; scope: Scope } | 'builtin' | undefined {
    let scope: Scope | undefined = start;
    let module = start;
    while (module.parent) module = module.parent;
    let first = true;
    while (scope) {
      const isFunction = scope.kind === 'function' || scope.kind === 'lambda';
      if (isFunction && scope.globals.has(name)) {
        scope = module;
        continue;
      }
      const own = scope.bindings.get(name);
      if (own && !scope.nonlocals.has(name) && (first || scope.kind !== 'class')) return { bindings: own, scope };
      first = false;
      scope = scope.parent;
    }
    return module.hasWildcardImport ? undefined : 'builtin';
  }

  private valueOfBindings(name: string, bindings: Binding[], scope: Scope): PyValue | undefined {
    const key = `${scope.file}:${scope.start}:${name}`;
    if (this.inProgress.has(key) || this.depth > MAX_DEPTH) return undefined;
    this.inProgress.add(key);
    this.depth++;
    try {
      let result: PyValue | undefined;
      for (const binding of bindings) {
        const value = this.valueOfBinding(name, binding, scope);
        if (!value) return undefined;
        if (result && valueKey(result) !== valueKey(value)) return undefined;
        result ??= value;
      }
      return result;
    } finally {
      this.inProgress.delete(key);
      this.depth--;
    }
  }

  private valueOfBinding(name: string, binding: Binding, scope: Scope): PyValue | undefined {
    switch (binding.kind) {
      case 'def':
        return { kind: 'function', name, callKind: binding.callKind, key: `${scope.file}:${scope.start}:${name}:${binding.callKind}`, body: binding.body, file: scope.file, start: binding.start };
      case 'class':
        return { kind: 'class', cls: { kind: 'workspace', summary: binding.cls } };
      case 'import-module':
        return this.importModule(binding.dotted, binding.bindsRoot, scope.file);
      case 'import-from': {
        const module = binding.level > 0 ? this.relativeModule(scope.file, binding.level, binding.module) : this.importModule(binding.module, false, scope.file);
        return module && this.attributeOf(module, binding.name);
      }
      case 'value': {
        const value = this.evaluate(binding.shape, scope);
        const element = binding.element === undefined ? value : value?.kind === 'tuple' ? value.items[binding.element] : undefined;
        if (element || !binding.annotation) return element;
        // `client: httpx.Client = ...`: the declared class, when the value says nothing.
        const declared = this.evaluate(binding.annotation, scope);
        const cls = declared && classRefOf(declared);
        return cls ? { kind: 'instance', cls } : undefined;
      }
      case 'enter':
        return this.enteredValue(binding.shape, scope);
      case 'param': {
        if (scope.method && binding.index === 0 && scope.method.role !== 'static') {
          const cls: ClassRef = { kind: 'workspace', summary: scope.method.cls };
          return scope.method.role === 'instance' ? { kind: 'instance', cls } : { kind: 'class', cls };
        }
        const annotation = binding.annotation && this.evaluate(binding.annotation, scope.parent ?? scope);
        const cls = annotation && classRefOf(annotation);
        return cls ? { kind: 'instance', cls } : undefined;
      }
      case 'unknown':
        return undefined;
    }
  }

  /** `use`: where the expression is read, in this file (names at its head are read at that point). */
  evaluate(shape: ExprShape, scope: Scope, use?: Node): PyValue | undefined {
    switch (shape.kind) {
      case 'name':
        return this.lookupName(shape.name, scope, use);
      case 'attr': {
        const base = this.evaluate(shape.of, scope, use);
        return base && this.attributeOf(base, shape.name);
      }
      case 'call':
        return this.callOf(this.evaluate(shape.callee, scope, use))?.returns;
      case 'await':
        return shape.of.kind === 'call' ? this.callOf(this.evaluate(shape.of.callee, scope, use))?.awaits : undefined;
      case 'div': {
        const left = this.evaluate(shape.left, scope, use);
        return left?.kind === 'instance' && left.cls.kind === 'library' && left.cls.qname === 'pathlib.Path' ? left : undefined;
      }
      case 'tuple':
        return { kind: 'tuple', items: shape.items.map((item) => this.evaluate(item, scope)) };
      case 'either': {
        const values: PyValue[] = [];
        for (const option of shape.options) {
          if (option.kind === 'none') continue;
          const value = this.evaluate(option, scope);
          if (!value) return undefined;
          if (!values.some((v) => valueKey(v) === valueKey(value))) values.push(value);
        }
        return values.length > 1 ? { kind: 'either', options: values } : values[0];
      }
      case 'none':
      case 'unknown':
        return undefined;
    }
  }

  private enteredValue(shape: ExprShape, scope: Scope): PyValue | undefined {
    if (shape.kind === 'call') return this.callOf(this.evaluate(shape.callee, scope))?.enters;
    const value = this.evaluate(shape, scope);
    if (value?.kind !== 'instance' || value.cls.kind !== 'library') return undefined;
    return instanceOf(knownClass(value.cls.qname)?.enters);
  }

  attributeOf(base: PyValue, name: string): PyValue | undefined {
    switch (base.kind) {
      case 'module': {
        const summary = this.moduleSummary(base.stem);
        const bindings = summary?.scopes.module.bindings.get(name);
        if (summary && bindings) return this.valueOfBindings(name, bindings, summary.scopes.module);
        const stem = path.join(base.stem, name);
        if (moduleFileOf(stem, (f) => this.exists(f))) return { kind: 'module', stem, qname: `${base.qname}.${name}` };
        return undefined;
      }
      case 'library':
        return { kind: 'library', qname: `${base.qname}.${name}` };
      case 'class':
      case 'instance': {
        const attribute = base.kind === 'instance' && base.cls.kind === 'workspace' ? this.instanceAttribute(base.cls.summary, name) : undefined;
        return attribute ? attribute.value : { kind: 'method', cls: base.cls, name };
      }
      default:
        return undefined;
    }
  }

  /** A data attribute written in the class (`self.session = ...`); undefined when `name` is not one. */
  private instanceAttribute(cls: ClassSummary, name: string): { value: PyValue | undefined } | undefined {
    const key = `attribute:${classKey({ kind: 'workspace', summary: cls })}.${name}`;
    if (this.inProgress.has(key) || this.depth > MAX_DEPTH) return { value: undefined };
    this.inProgress.add(key);
    this.depth++;
    try {
      return attributeValue(this.attributeSemantics, cls, name);
    } finally {
      this.inProgress.delete(key);
      this.depth--;
    }
  }

  private readonly attributeSemantics: AttributeSemantics<PyValue> = {
    evaluate: (shape, scope) => this.evaluate(shape, scope),
    elementOf: (value, index) => (value.kind === 'tuple' ? value.items[index] : undefined),
    declaredInstance: (annotation, scope) => {
      const value = this.evaluate(annotation, scope);
      const cls = value && classRefOf(value);
      return cls && { kind: 'instance', cls };
    },
    sameValue: (a, b) => valueKey(a) === valueKey(b),
    workspaceBases: (cls) => this.workspaceBases(cls),
    subclassesOf: (cls) => {
      let found = this.subclasses.get(cls);
      if (!found) {
        found = this.scopes.classes.filter((c) => c !== cls && this.inheritsFrom(c, cls, 0));
        this.subclasses.set(cls, found);
      }
      return found;
    },
  };

  private workspaceBases(cls: ClassSummary): ClassSummary[] {
    return cls.bases.flatMap((base) => {
      const value = this.evaluate(base, cls.definedIn);
      const ref = value && classRefOf(value);
      return ref?.kind === 'workspace' ? [ref.summary] : [];
    });
  }

  private inheritsFrom(cls: ClassSummary, ancestor: ClassSummary, depth: number): boolean {
    if (depth > 10) return false;
    return this.workspaceBases(cls).some((base) => base === ancestor || this.inheritsFrom(base, ancestor, depth + 1));
  }

  callOf(callee: PyValue | undefined): CallInfo | undefined {
    if (!callee) return undefined;
    switch (callee.kind) {
      case 'function': {
        const startsTask = callee.callKind === 'sync' && this.returnsTask(callee.body);
        return { qname: callee.name, library: false, coroutine: callee.callKind === 'async', startsTask, returns: startsTask ? instanceOf('asyncio.Task') : undefined };
      }
      case 'class':
        return callee.cls.kind === 'workspace'
          ? { qname: callee.cls.summary.name, library: false, coroutine: false, startsTask: false, returns: { kind: 'instance', cls: callee.cls } }
          : this.libraryCall(callee.cls.qname);
      case 'library':
        return this.libraryCall(callee.qname);
      case 'method':
        return this.methodCall(callee.cls, callee.name);
      case 'either': {
        // A conditional alias calls alike when every branch does: all coroutines, or all task starters.
        const infos = callee.options.map((o) => this.callOf(o));
        const [first] = infos;
        if (!first || infos.some((i) => !i)) return undefined;
        const coroutine = infos.every((i) => i!.coroutine);
        const startsTask = infos.every((i) => i!.startsTask);
        return coroutine || startsTask ? { qname: first.qname, library: false, coroutine, startsTask } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A project wrapper such as `def spawn(c): return loop.create_task(c)`: every return starts a task. */
  private returnsTask(body: Scope | undefined): boolean {
    if (!body?.returns?.length) return false;
    const key = `returns-task:${body.file}:${body.start}`;
    if (this.inProgress.has(key) || this.depth > MAX_DEPTH) return false;
    this.inProgress.add(key);
    this.depth++;
    try {
      return body.returns.every((shape) => shape.kind === 'call' && this.callOf(this.evaluate(shape.callee, body))?.startsTask === true);
    } finally {
      this.inProgress.delete(key);
      this.depth--;
    }
  }

  private libraryCall(qname: string): CallInfo {
    const fn = knownFunction(qname);
    if (fn) return fromKnown(qname, fn);
    const cls = knownClass(qname);
    if (cls) {
      const instance: PyValue = { kind: 'instance', cls: { kind: 'library', qname: canonicalClassName(qname) } };
      return { qname, library: true, coroutine: false, startsTask: false, returns: instance, enters: instanceOf(cls.enters) };
    }
    const dot = qname.lastIndexOf('.');
    const owner = dot > 0 ? knownClass(qname.slice(0, dot)) : undefined;
    const member = owner?.methods[qname.slice(dot + 1)];
    return member ? fromKnown(qname, member) : { qname, library: true, coroutine: false, startsTask: false };
  }

  private methodCall(cls: ClassRef, name: string): CallInfo | undefined {
    if (cls.kind === 'library') {
      const qname = `${canonicalClassName(cls.qname)}.${name}`;
      const member = knownClass(cls.qname)?.methods[name];
      return member ? fromKnown(qname, member) : { qname, library: true, coroutine: false, startsTask: false };
    }
    const found = this.findMethod(cls.summary, name, 0);
    if (!found) return undefined;
    if (found.kind === 'library') return this.methodCall(found.cls, name);
    const startsTask = found.callKind === 'sync' && this.returnsTask(found.body);
    return { qname: `${cls.summary.name}.${name}`, library: false, coroutine: found.callKind === 'async', startsTask, returns: startsTask ? instanceOf('asyncio.Task') : undefined };
  }

  /** A method by name along the class's bases (depth first, left to right); undefined when not certain. */
  private findMethod(
    cls: ClassSummary,
    name: string,
    depth: number,
  ): { kind: 'workspace'; callKind: CallKind; body?: Scope } | { kind: 'library'; cls: ClassRef } | undefined {
    if (depth > 10) return undefined;
    const members = cls.members.get(name);
    if (members) {
      const kinds = new Set(members.map((m) => (m.kind === 'def' ? m.callKind : 'unknown')));
      const only = kinds.size === 1 ? [...kinds][0]! : 'unknown';
      const body = members.length === 1 && members[0]!.kind === 'def' ? members[0]!.body : undefined;
      return only === 'unknown' ? undefined : { kind: 'workspace', callKind: only, body };
    }
    for (const base of cls.bases) {
      const value = this.evaluate(base, cls.definedIn);
      const ref = value && classRefOf(value);
      if (!ref) return undefined;
      if (ref.kind === 'library') {
        if (knownClass(ref.qname)?.methods[name]) return { kind: 'library', cls: ref };
        return undefined;
      }
      const found = this.findMethod(ref.summary, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  private importModule(dotted: string, bindsRoot: boolean, importer: string): PyValue | undefined {
    const parts = dotted.split('.');
    const root = parts[0]!;
    const target = bindsRoot ? root : dotted;
    if (isLibraryRoot(root)) return { kind: 'library', qname: target };
    const exists = (f: string) => this.exists(f);
    for (const dir of this.importRootsOf(importer)) {
      const stem = path.join(dir, ...target.split('.'));
      if (moduleFileOf(stem, exists)) return { kind: 'module', stem, qname: target };
      // `import a.b` of a namespace package `a` (no __init__.py): `a` still leads to a/b.py.
      if (bindsRoot && parts.length > 1 && moduleFileOf(path.join(dir, ...parts), exists)) return { kind: 'module', stem: path.join(dir, root), qname: root };
    }
    return { kind: 'library', qname: target };
  }

  private importRootsOf(importer: string): string[] {
    const dir = path.dirname(importer);
    let roots = this.rootsByDirectory.get(dir);
    if (!roots) {
      roots = importRoots(importer, {
        exists: (f) => this.exists(f),
        read: (f) => {
          this.touchedFiles.add(f); // editing or creating a project file changes the roots
          return this.read(f);
        },
      });
      this.rootsByDirectory.set(dir, roots);
    }
    return roots;
  }

  private relativeModule(importer: string, level: number, module: string): PyValue {
    let dir = path.dirname(importer);
    for (let i = 1; i < level; i++) dir = path.dirname(dir);
    const stem = module ? path.join(dir, ...module.split('.')) : dir;
    return { kind: 'module', stem, qname: '.'.repeat(level) + module };
  }

  private moduleSummary(stem: string): ModuleSummary | undefined {
    const file = moduleFileOf(stem, (f) => this.exists(f));
    if (!file) return undefined;
    if (file === this.fileName) return { file, text: '', scopes: this.scopes };
    this.touchedFiles.add(file);
    return this.workspace.summaryOf(file, (f) => this.read(f));
  }

  /** The semantics of another workspace module, to follow the calls its functions make (effects.ts). */
  moduleSemantics(file: string): PySemantics | undefined {
    if (file === this.fileName) return this;
    let found = this.others.get(file);
    if (found === undefined) {
      const summary = this.workspace.summaryOf(file, (f) => this.read(f));
      found = summary ? new PySemantics(this.workspace, file, summary.scopes, this.readFileOuter) : null;
      this.others.set(file, found);
    }
    if (found) {
      this.touchedFiles.add(file);
      for (const f of found.touchedFiles) this.touchedFiles.add(f);
    }
    return found ?? undefined;
  }

  /** The syntax tree of another workspace module. */
  moduleTree(file: string): Node | undefined {
    this.touchedFiles.add(file);
    return this.workspace.treeOf(file, (f) => this.read(f));
  }

  private read(file: string): string | undefined {
    if (!this.reads.has(file)) this.reads.set(file, this.readFileOuter(file));
    return this.reads.get(file);
  }

  private exists(file: string): boolean {
    if (file === this.fileName) return true;
    const found = this.read(file) !== undefined;
    if (!found) this.touchedFiles.add(file); // creating it later changes the resolution
    return found;
  }
}
