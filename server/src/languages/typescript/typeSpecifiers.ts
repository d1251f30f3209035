/**
 * typescript-eslint's `TypeOrValueSpecifier`: a type or a function named by its name and where it
 * is declared — `"Name"`, or `{ from: "file" | "lib" | "package", name, package? }`. Used by
 * options such as `allowForKnownSafeCalls` and `allowForKnownSafePromises`.
 */
import type { Type } from 'typescript/unstable/sync';
import { isLibPath, membersOf, partsOf } from './typeCache.ts';

export interface TypeSpecifier {
  name: string[];
  /** Where it must be declared; undefined: anywhere. */
  from?: 'file' | 'lib' | 'package';
  package?: string;
}

/**
 * Parses an option's list of specifiers: names, or `{ from, name, package, path }` objects;
 * anything else is ignored. A `file` specifier's `path` is accepted and not checked (any file
 * of the project matches): fewer findings, never a wrong one.
 */
export function parseTypeSpecifiers(value: unknown): TypeSpecifier[] {
  if (!Array.isArray(value)) return [];
  const specs: TypeSpecifier[] = [];
  for (const item of value) {
    if (typeof item === 'string') {
      specs.push({ name: [item] });
    } else if (item && typeof item === 'object') {
      const { from, name, package: pkg } = item as Record<string, unknown>;
      const names = (Array.isArray(name) ? name : [name]).filter((n): n is string => typeof n === 'string');
      if (names.length === 0 || (from !== 'file' && from !== 'lib' && from !== 'package')) continue;
      specs.push({ name: names, from, package: typeof pkg === 'string' ? pkg : undefined });
    }
  }
  return specs;
}

/** Whether files declaring something satisfy the specifier's `from` (no files: the name alone decides). */
export function declaredWhere(spec: TypeSpecifier, files: readonly string[]): boolean {
  if (files.length === 0) return true;
  const normalized = files.map((f) => f.replace(/\\/g, '/'));
  switch (spec.from) {
    case undefined:
      return true;
    case 'lib':
      return normalized.some(isLibPath);
    case 'file':
      return normalized.some((f) => !isLibPath(f) && !f.includes('/node_modules/'));
    case 'package': {
      if (!spec.package) return false;
      // `@scope/pkg` has its types in `@types/scope__pkg`.
      const typesName = spec.package.startsWith('@') ? spec.package.slice(1).replace('/', '__') : spec.package;
      return normalized.some((f) => f.includes(`/node_modules/${spec.package}/`) || f.includes(`/node_modules/@types/${typesName}/`));
    }
  }
}

/**
 * As typescript-eslint matches a type: a union when every member matches; otherwise the type's
 * symbol or type-alias name and its declarations; an intersection also when one of its parts does.
 */
export function typeMatchesSpecifiers(type: Type, specs: readonly TypeSpecifier[], depth = 0): boolean {
  if (specs.length === 0 || depth > 8) return false;
  if (type.isUnionType()) return membersOf(type).every((m) => m !== type && typeMatchesSpecifiers(m, specs, depth + 1));
  if (type.isErrorType()) return false;
  const symbols = [type.getSymbol(), type.getAliasSymbol()].filter((s) => s !== undefined);
  const whole = symbols.some((symbol) => specs.some((spec) => spec.name.includes(symbol.name) && declaredWhere(spec, symbol.declarations.map((d) => d.path))));
  if (whole) return true;
  return type.isIntersectionType() && partsOf(type).some((p) => typeMatchesSpecifiers(p, specs, depth + 1));
}
