/**
 * A tree-sitter tree copied into plain objects, once per parse. Every property read on a
 * web-tree-sitter node crosses into wasm (`node.parent` even descends from the root), and the
 * analysis reads each node many times: reading a copy is several times faster. `PyNode` offers the
 * part of web-tree-sitter's `Node` API the analysis uses, with the same meaning, so the copy holds
 * no wasm memory and outlives the tree it was made from.
 */
import type { Language, Tree } from 'web-tree-sitter';

export class PySyntaxTree {
  /** The module node; set by `copyTree`. */
  root!: PyNode;
  /** Some node is an ERROR or MISSING node (tree-sitter may also count MISSING tokens it hides). */
  hasError = false;
  /** The MISSING nodes (inserted by error recovery), by id: too rare for a field on every node. */
  readonly missing = new Set<number>();

  /** `source`: the text tree-sitter parsed, which node texts are slices of. */
  constructor(readonly source: string) {}
}

const NO_CHILDREN: readonly PyNode[] = Object.freeze([]);

export class PyNode {
  /** Children, named and anonymous (punctuation, keywords), in order. */
  children: readonly PyNode[] = NO_CHILDREN;
  private named: readonly PyNode[] | undefined;

  constructor(
    readonly tree: PySyntaxTree,
    /** Position in document order: unique in its tree. */
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    /** Offsets in UTF-16 code units, as the engine's. */
    readonly startIndex: number,
    /** Set once by `copyTree` (which ends comments before a CRLF's \r), then never changed. */
    public endIndex: number,
    readonly parent: PyNode | null,
    /** The field this node fills in its parent (`body`, `name`, ...). */
    readonly fieldName: string | undefined,
  ) {}

  get text(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  get isMissing(): boolean {
    return this.tree.missing.has(this.id);
  }

  get namedChildren(): readonly PyNode[] {
    this.named ??= this.children.length === 0 ? NO_CHILDREN : this.children.filter((c) => c.isNamed);
    return this.named;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): PyNode | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): PyNode | null {
    return this.children[0] ?? null;
  }

  get previousSibling(): PyNode | null {
    const siblings = this.parent?.children;
    return siblings?.[siblings.indexOf(this) - 1] ?? null;
  }

  /**
   * The first child filling `field`. One difference from tree-sitter, which also looks into a
   * child made visible by an alias: it answers a `match_statement`'s `alternative` with the first
   * case clause of its body block (where `block.childrenForFieldName('alternative')` finds them all).
   */
  childForFieldName(field: string): PyNode | null {
    // tree-sitter finds fields through the node's own production, which an ERROR node lacks; its
    // children may still carry the fields of the partial rules they were parsed in.
    if (this.type === 'ERROR') return null;
    for (const child of this.children) if (child.fieldName === field) return child;
    return null;
  }

  childrenForFieldName(field: string): PyNode[] {
    return this.children.filter((c) => c.fieldName === field);
  }

  equals(other: PyNode): boolean {
    return this === other;
  }

  /** The innermost node whose span holds `offset` (tree-sitter's `descendantForIndex`). */
  descendantForIndex(offset: number): PyNode {
    let node: PyNode = this;
    for (;;) {
      const inner = node.children.find((c) => c.startIndex <= offset && offset < c.endIndex);
      if (!inner) return node;
      node = inner;
    }
  }
}

/** Type names and whether they are named, by type id, read from the grammar once. */
class NodeTypes {
  readonly names: string[];
  readonly named: boolean[];
  readonly fields: (string | null)[];

  constructor(readonly language: Language) {
    // Hidden types have no name; no visible node has one (web-tree-sitter calls such a type ERROR too).
    this.names = Array.from(language.types, (name) => name || 'ERROR');
    this.named = this.names.map((_, id) => language.nodeTypeIsNamed(id));
    this.fields = language.fields;
  }

  /** ERROR nodes have an id beyond the grammar's types. */
  nameOf(typeId: number): string {
    return typeId < this.names.length ? this.names[typeId]! : this.language.types[typeId] || 'ERROR';
  }

  isNamed(typeId: number): boolean {
    return typeId < this.named.length ? this.named[typeId]! : this.language.nodeTypeIsNamed(typeId);
  }
}

const typesOfLanguage = new WeakMap<Language, NodeTypes>();

/**
 * tree-sitter-python's comment token (`#.*`) takes in the \r of a \r\n line break, and with it
 * every node the comment ends (a one-line `for` loop, its block, its function): a fix that replaces
 * such a node would drop that \r and leave a bare \n. The comment and those nodes end before it.
 */
function endBeforeCarriageReturn(comment: PyNode): void {
  const end = comment.endIndex;
  for (let n: PyNode | null = comment; n && n.endIndex === end && n.parent; n = n.parent) n.endIndex = end - 1;
}

/**
 * Copies `tree` (parsed from `source`) with one cursor walk and a handful of wasm calls per node.
 * Iterative: files nest 20,000 deep.
 */
export function copyTree(tree: Tree, source: string): PySyntaxTree {
  const result = new PySyntaxTree(source);
  let types = typesOfLanguage.get(tree.language);
  if (!types) typesOfLanguage.set(tree.language, (types = new NodeTypes(tree.language)));
  const cursor = tree.walk();
  let id = 0;
  let parent: PyNode | null = null;
  /**
   * Per depth, the children of the node being copied there, collected in an array reused for
   * every node at that depth and copied at its exact size when complete (less memory per node).
   */
  const collecting: PyNode[][] = [[]];
  let depth = 0;
  try {
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const type = types.nameOf(typeId);
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const fieldId = cursor.currentFieldId;
      const field = fieldId === 0 ? undefined : (types.fields[fieldId] ?? undefined);
      const node = new PyNode(result, id, type, types.isNamed(typeId), start, end, parent, field);
      collecting[depth]!.push(node);
      if (type === 'comment' && source.charCodeAt(end - 1) === 13) endBeforeCarriageReturn(node);
      if (type === 'ERROR') result.hasError = true;
      // Only zero-width nodes can be MISSING ones: ask the cursor only about those.
      if (start === end && cursor.nodeIsMissing) {
        result.missing.add(id);
        result.hasError = true;
      }
      id++;
      if (cursor.gotoFirstChild()) {
        parent = node;
        depth++;
        collecting[depth] ??= [];
        continue;
      }
      for (;;) {
        if (parent === null) {
          result.root = collecting[0]![0]!;
          return result;
        }
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        parent.children = collecting[depth]!.slice();
        collecting[depth]!.length = 0;
        depth--;
        parent = parent.parent;
      }
    }
  } finally {
    cursor.delete();
  }
}
