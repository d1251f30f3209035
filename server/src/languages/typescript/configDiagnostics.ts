/**
 * Which of tsgo's project diagnostics (tsconfig and program-level option diagnostics) change what
 * async-lint sees. The linter never emits, so a diagnostic about where output would go, or about
 * the build-mode bookkeeping that exists only for emit, says nothing about types and is dropped.
 * Codes are TypeScript's (tsgo keeps them); anything not listed here is reported.
 */
const EMIT_ONLY_CODES = new Map<number, string>([
  // Output layout: rootDir/outDir only decide where emitted files land.
  [5011, "The common source directory of '{0}' is '{1}'. The 'rootDir' setting must be explicitly set…"],
  [6059, "File '{0}' is not under 'rootDir' '{1}'. 'rootDir' is expected to contain all source files."],
  // Emit targets colliding with inputs or each other: only writing the output would go wrong.
  [5055, "Cannot write file '{0}' because it would overwrite input file."],
  [5056, "Cannot write file '{0}' because it would be overwritten by multiple input files."],
  // Composite/incremental build bookkeeping (declaration emit, .tsbuildinfo, file lists for
  // project references' outputs): the program's files and types are the same either way.
  [6304, 'Composite projects may not disable declaration emit.'],
  [6379, 'Composite projects may not disable incremental compilation.'],
  [6307, "File '{0}' is not listed within the file list of project '{1}'. Projects must list all files or use an 'include' pattern."],
  [5069, "Option '{0}' cannot be specified without specifying option '{1}' or option '{2}'. (declarationMap, emitDeclarationOnly, tsBuildInfoFile)"],
  [5074, "Option '--incremental' can only be specified using tsconfig, emitting to single file or when option '--tsBuildInfoFile' is specified."],
]);

/** False for a diagnostic that only concerns emitted output (see EMIT_ONLY_CODES). */
export function changesAnalysis(code: number): boolean {
  return !EMIT_ONLY_CODES.has(code);
}
