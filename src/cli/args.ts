// Every command line of `cognate`: the one reader of options and subcommands all commands use
// (readOptions), and the settings of `cognate start` and `cognate worker` (one flag for each setting
// that src/config.ts declares, and its help). What a person typed wrong is answered as the AWS CLI
// answers it (Python's argparse): a short usage note, then `Unknown options: --x` or
// `cognate: error: argument --port: invalid int value: 'abc'`, and exit code 2.
import { parseArgs } from 'node:util';
import { flagOf, loadConfig, settingList, SettingError, variableOf, type Config } from '../config.js';

/** A command line that cannot run: `line` is the last line the AWS CLI would print. */
export class UsageError extends Error {
  constructor(
    readonly command: string,
    readonly line: string,
    readonly synopsis = command ? '[options]' : '<command> [options]',
  ) {
    super(line);
  }

  /** What goes to stderr: the AWS CLI's usage note and the line. */
  text(): string {
    const cmd = this.command ? `cognate ${this.command}` : 'cognate';
    return `usage: ${cmd} ${this.synopsis}\nTo see help text, you can run:\n\n  ${cmd} --help\n\n${this.line}\n`;
  }
}

type Options = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** What a command line gives for `options`: a string (a list for a `multiple` one), or whether a flag was given. */
export type OptionValues<S extends Options = Options> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : S[K] extends { multiple: true } ? string[] : string;
};

export interface CommandLine<S extends Options> {
  /** `--help`/`-h` was given (then nothing else is checked) */
  help: boolean;
  values: OptionValues<S>;
  /** the subcommand and its arguments: at most `positionals` of them */
  positionals: string[];
}

/**
 * A command line read against `options` as the AWS CLI reads its own: options it does not know and
 * positionals past the `positionals` the command takes (none by default; a subcommand counts) are
 * named together in `Unknown options: ...`; a string option without its value is `expected one
 * argument`, a flag given a value `ignored explicit argument`; a first positional not among
 * `commands` (when given) is `Invalid choice`. Each is a UsageError of `command`, printed by main.ts
 * with the AWS CLI's usage note (exit code 2). `--help`/`-h` is always known.
 */
export function readOptions<const S extends Options>(
  command: string,
  argv: string[],
  options: S,
  how: { synopsis?: string; commands?: readonly string[]; positionals?: number } = {},
): CommandLine<S> {
  const all: Options = { help: { type: 'boolean', short: 'h' }, ...options };
  const refuse = (line: string) => new UsageError(command, line, how.synopsis);
  // Not strict: the unknown options are collected and named together, as the AWS CLI names them.
  const { tokens } = parseArgs({ args: argv, options: all, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean | string[]> = {};
  const given: string[] = [];
  const unknown: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') (given.length < (how.positionals ?? 0) ? given : unknown).push(t.value);
    if (t.kind !== 'option') continue;
    const option = all[t.name];
    if (!option) unknown.push(t.rawName);
    else if (option.type === 'boolean') {
      if (t.inlineValue) throw refuse(`cognate: error: argument ${t.rawName}: ignored explicit argument '${t.value}'`);
      values[t.name] = true;
    } else if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) {
      throw refuse(`cognate: error: argument ${t.rawName}: expected one argument`);
    } else if (option.multiple) values[t.name] = [...((values[t.name] as string[] | undefined) ?? []), t.value];
    else values[t.name] = t.value;
  }
  const help = values.help === true;
  delete values.help;
  const line = { help, values: values as OptionValues<S>, positionals: given };
  if (help) return line;
  if (unknown.length) throw refuse(`Unknown options: ${unknown.join(', ')}`);
  if (how.commands && given.length && !how.commands.includes(given[0]))
    throw refuse(`cognate: error: argument command: Invalid choice, valid choices are:\n\n${how.commands.join(' | ')}`);
  return line;
}

/**
 * The settings a command line gives (flags; the environment for the rest), or `help` when it asks
 * for the help text. Throws a UsageError for an unknown option, a missing value or a value its
 * setting cannot take.
 */
export function readSettings(
  command: string,
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): { help: true } | { help: false; config: Config } {
  const options: Options = {};
  for (const s of settingList()) options[s.flag] = { type: s.arg ? 'string' : 'boolean' };
  const { help, values } = readOptions(command, argv, options);
  if (help) return { help: true };
  try {
    return { help: false, config: loadConfig(values as Record<string, string | boolean>, env) };
  } catch (e) {
    if (e instanceof SettingError) throw new UsageError(command, `cognate: error: ${e.message}`);
    throw e;
  }
}

const ABOUT = {
  start: 'Runs cognate: every service on one port, and delivery of the messages they queue.',
  worker:
    'Delivers queued messages only (no HTTP), against the same --data/--db as the servers; the\nsettings of HTTP (--port, --host, ...) do not apply.',
};

/** `cognate start --help`: every setting, with its variable and default. */
export function settingsHelp(command: 'start' | 'worker'): string {
  const settings = settingList();
  const width = Math.max(...settings.map((s) => flagOf(s).length)) + 2;
  const lines = settings.map((s) => {
    const dflt = s.shown ? ` (default: ${s.shown.replaceAll('`', '')})` : '';
    return `  ${flagOf(s).padEnd(width)}${s.help} [${variableOf(s)}]${dflt}`;
  });
  return `usage: cognate ${command} [options]

${ABOUT[command]}
Each option can also be set by the environment variable in brackets; the flag wins.

options:
${lines.join('\n')}
  ${'-h, --help'.padEnd(width)}this text
`;
}
