/**
 * The command line's argument parser: node:util parseArgs, typed from each command's option table (no casts at
 * the call sites), with "did you mean" for a mistyped option or value.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsOptionsConfig } from 'node:util';
import { didYouMean } from '../core/suggest.js';
import { UsageError } from '../run/validate.js';

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

type WithHelp<O extends ParseArgsOptionsConfig> = O & typeof HELP_OPTION;

/** The parsed options of one command, typed from its table: strings, booleans, and string arrays for `multiple`. */
export type Values<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: WithHelp<O>; allowPositionals: true; strict: true }>>['values'];

export interface Parsed<O extends ParseArgsOptionsConfig> {
  values: Values<O>;
  positionals: string[];
  /** -h or --help was given. */
  help: boolean;
}

/** The option names of a table as typed on the command line (`--format`, `-h`). */
function optionNames(options: ParseArgsOptionsConfig): string[] {
  return Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
}

/** Parse `args` of `command` against its option table (plus -h/--help). */
export function parseCommand<const O extends ParseArgsOptionsConfig>(command: string, args: string[], options: O): Parsed<O> {
  const all: WithHelp<O> = { ...options, ...HELP_OPTION };
  try {
    const { values, positionals } = parseArgs({ args, options: all, allowPositionals: true, strict: true });
    // Every table has the help option: the generic values type does not show it.
    return { values, positionals, help: (values as { help?: boolean }).help === true };
  } catch (err) {
    throw new UsageError(argumentMessage(command, err, all));
  }
}

function argumentMessage(command: string, err: unknown, options: ParseArgsOptionsConfig): string {
  const e = err as { code?: string; message?: string };
  const text = e.message ?? String(err);
  const see = `see pool-reconciler ${command} --help`;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'(-[^']*)'/.exec(text)?.[1] ?? '';
    const name = given.split('=')[0];
    const hint = didYouMean(name, optionNames(options));
    return `${command}: unknown option ${name}. ${hint ? `${hint} ` : ''}(${see})`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return `${command}: ${text.replace(/^Option /, 'option ')} (${see})`;
  }
  return `${command}: ${text} (${see})`;
}

/** One of the allowed values of an option, typed as such; a mistyped value gets "did you mean". */
export function oneOf<const T extends string>(value: string, allowed: readonly T[], option: string): T {
  const found = allowed.find((a) => a === value);
  if (found !== undefined) return found;
  const hint = didYouMean(value, allowed);
  const list = `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
  throw new UsageError(`${option} must be ${list}, not ${JSON.stringify(value)}${hint ? `. ${hint}` : ''}`);
}

/** `--name SECS` in milliseconds (fallback in seconds when not given). */
export function seconds(value: string | undefined, name: string, fallbackSeconds: number): number {
  if (value === undefined) return fallbackSeconds * 1000;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds, not ${JSON.stringify(value)}`);
  return Math.round(n * 1000);
}

/** A command name, or the usage error for a mistyped one. */
export function commandOf<const T extends string>(given: string, commands: readonly T[]): T {
  const found = commands.find((c) => c === given);
  if (found !== undefined) return found;
  const hint = didYouMean(given, commands);
  throw new UsageError(`unknown command ${JSON.stringify(given)}.${hint ? ` ${hint}` : ''} See pool-reconciler --help`);
}
