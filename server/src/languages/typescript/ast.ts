/**
 * The TypeScript syntax tree as rules see it. Every import of the compiler's unstable API goes
 * through this folder, so an API change is mended in one place.
 */
export { SyntaxKind, NodeFlags, ModifierFlags } from 'typescript/unstable/ast';
export * as ts from 'typescript/unstable/ast/is';
export type {
  Node,
  NodeArray,
  SourceFile,
  Expression,
  Statement,
  Identifier,
  CallExpression,
  AwaitExpression,
  Block,
  VariableStatement,
  VariableDeclaration,
  VariableDeclarationList,
  ExpressionStatement,
  BinaryExpression,
  PropertyAccessExpression,
  ElementAccessExpression,
  ForOfStatement,
  ForStatement,
  ForInStatement,
  FunctionLikeDeclaration,
  ArrowFunction,
  FunctionExpression,
  FunctionDeclaration,
  MethodDeclaration,
  ImportDeclaration,
  ParenthesizedExpression,
  ConditionalExpression,
  PrefixUnaryExpression,
  VoidExpression,
  ReturnStatement,
  ThisExpression,
  ArrayLiteralExpression,
  StringLiteral,
  NewExpression,
} from 'typescript/unstable/ast';
