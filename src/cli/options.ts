// The command lines of `cognate sns` and `cognate ses`: a subcommand, its arguments and options.
// What is typed wrong is answered as `cognate start` answers it (args.ts's UsageError, which
// main.ts prints with the AWS CLI's usage note and exit code 2): every unknown option named
// together, an option without its value, a subcommand that does not exist.
import { parseArgs } from 'node:util';
import { UsageError } from './args.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** A string option's value, or whether a boolean option was given. */
type Values<S extends OptionSpec> = { [K in keyof S]?: S[K]['type'] extends 'string' ? string : boolean } & {
  help?: boolean;
};

export interface CommandLine<S extends OptionSpec> {
  /** the subcommand and its arguments, at most as many as the command takes */
  positionals: string[];
  values: Values<S>;
}

/**
 * Reads `argv` against `options` (`--help`/`-h` is always one). `commands` are the subcommands
 * the first positional may name; `positionals` is how many positionals the command takes at most
 * (the subcommand included), a further one is an unknown option as the AWS CLI counts it.
 */
export function readCommandLine<const S extends OptionSpec>(
  command: string,
  argv: string[],
  options: S,
  commands: readonly string[],
  positionals = 1,
): CommandLine<S> {
  const spec: OptionSpec = { ...options, help: { type: 'boolean', short: 'h' } };
  const refuse = (line: string) => new UsageError(command, line, '<command> [options]');
  const { tokens } = parseArgs({ args: argv, options: spec, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  const given: string[] = [];
  const unknown: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') (given.length < positionals ? given : unknown).push(t.value);
    if (t.kind !== 'option') continue;
    const option = spec[t.name];
    if (!option) unknown.push(t.rawName);
    else if (option.type === 'boolean') {
      if (t.inlineValue) throw refuse(`cognate: error: argument ${t.rawName}: ignored explicit argument '${t.value}'`);
      values[t.name] = true;
    } else if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) {
      throw refuse(`cognate: error: argument ${t.rawName}: expected one argument`);
    } else values[t.name] = t.value;
  }
  if (values.help) return { positionals: given, values: values as Values<S> };
  if (unknown.length) throw refuse(`Unknown options: ${unknown.join(', ')}`);
  if (given.length && !commands.includes(given[0]))
    throw refuse(`cognate: error: argument command: Invalid choice, valid choices are:\n\n${commands.join(' | ')}`);
  return { positionals: given, values: values as Values<S> };
}
