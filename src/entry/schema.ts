/**
 * `pool-reconciler schema`: write the JSON Schemas of every file kind (for editors and code review), or print one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../run/validate.js';
import { EXIT } from '../run/exit.js';
import { parseCommand } from './args.js';
import { didYouMean } from '../core/suggest.js';
import { generateSchemas, SCHEMA_FILES, schemaText } from '../validate/json-schema.js';
import type { SchemaFile } from '../validate/json-schema.js';

export interface SchemaCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const SCHEMA_HELP = `Usage: pool-reconciler schema [--out DIR] [--stdout NAME]

Write the JSON Schemas (draft 2020-12) of every config repo file kind, for editors (the YAML language server's
\`# yaml-language-server: $schema=...\` line) and JSON Schema validators:

${SCHEMA_FILES.map((f) => `  ${f}`).join('\n')}

Options:
  --out DIR        directory to write them to (default: schemas, relative to the current directory)
  --stdout NAME    print one schema instead (NAME: ${SCHEMA_FILES.map((f) => f.replace(/\.schema\.json$/, '')).join(', ')})
  -h, --help       show this help

Exit codes: 0 written, 4 usage error or a file could not be written.
`;

function schemaFileOf(name: string): SchemaFile {
  const wanted = name.endsWith('.json') ? name : `${name}.schema.json`;
  const file = SCHEMA_FILES.find((f) => f === wanted);
  if (file === undefined) {
    const names = SCHEMA_FILES.map((f) => f.replace(/\.schema\.json$/, ''));
    const hint = didYouMean(name.replace(/\.schema\.json$/, ''), names);
    throw new UsageError(`--stdout: no schema ${JSON.stringify(name)}; one of ${names.join(', ')}${hint ? `. ${hint}` : ''}`);
  }
  return file;
}

export function schemaCommand(args: string[], io: SchemaCommandIo): number {
  const { values, positionals } = parseCommand('schema', args, { out: { type: 'string' }, stdout: { type: 'string' } });
  if (positionals.length) throw new UsageError(`schema takes no arguments, not ${JSON.stringify(positionals[0])}; see pool-reconciler schema --help`);
  if (values.help) {
    io.stdout(SCHEMA_HELP);
    return EXIT.ok;
  }
  if (values.out !== undefined && values.stdout !== undefined) throw new UsageError('give --out or --stdout, not both');
  const schemas = generateSchemas();
  if (values.stdout !== undefined) {
    io.stdout(schemaText(schemas[schemaFileOf(values.stdout)]));
    return EXIT.ok;
  }
  const out = values.out ?? 'schemas';
  if (out === '') throw new UsageError('--out needs a directory');
  try {
    mkdirSync(out, { recursive: true });
    for (const file of SCHEMA_FILES) {
      const target = path.join(out, file);
      writeFileSync(target, schemaText(schemas[file]));
      io.stdout(`wrote ${target.replace(/\\/g, '/')}\n`);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(`pool-reconciler: cannot write the schemas to ${out}${code ? ` (${code})` : ''}\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}
