/**
 * The JSON schema of async-lint.json, generated from the rule metadata (`npm run docs` writes
 * schemas/async-lint.schema.json; a test fails when it is stale). VS Code's `jsonValidation`
 * gives the file completion, hovers and validation from it.
 */
import { SEVERITIES, type RuleMeta } from './types.ts';

export function renderConfigSchema(metas: readonly RuleMeta[]): string {
  const severity = { enum: [...SEVERITIES], description: 'off, or the severity its findings are reported with.' };
  const rules = {
    type: 'object',
    description: 'Severity per rule id, or [severity, options].',
    additionalProperties: false,
    properties: Object.fromEntries(
      metas.map((m) => {
        const optionNames = Object.keys(m.defaultOptions);
        const options = {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(optionNames.map((name) => [name, { type: jsonType(m.defaultOptions[name]), default: m.defaultOptions[name] }])),
        };
        const forms: unknown[] = [severity];
        if (optionNames.length > 0) forms.push({ type: 'array', prefixItems: [severity, options], items: [severity, options], minItems: 1, maxItems: 2 });
        return [m.id, { description: `${m.docs.summary} (default: ${m.defaultSeverity})`, anyOf: forms }];
      }),
    ),
  };
  const globs = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
  const includeTests = { type: 'boolean', description: 'Also run the rules that skip test files (sequential-awaits, await-in-loop) on them.' };
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'async-lint configuration',
    description: 'async-lint.json: found upward from each linted file; the nearest file wins and "root": true stops the search.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      root: { type: 'boolean', description: 'Do not read async-lint.json files in the folders above this one.' },
      rules,
      includeTests,
      ignores: { ...globs, description: 'Files not to lint: globs relative to this file, as in .gitignore ("dist/", "*.gen.ts").' },
      overrides: {
        type: 'array',
        description: 'Settings for the files matching a glob, applied after the settings above, in order.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: { ...globs, description: 'Globs relative to this file.' },
            excludedFiles: { ...globs, description: 'Globs of files the override does not apply to.' },
            rules,
            includeTests,
          },
        },
      },
    },
  };
  return JSON.stringify(schema, null, 2) + '\n';
}

function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}
