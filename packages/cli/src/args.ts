/**
 * Command-line parsing on top of `node:util` `parseArgs` (strict): every mistake becomes a one-line
 * {@link CliUsageError} (exit code 2) naming the flag and what was expected.
 * @module
 */
import { parseArgs } from 'node:util';
import { isIP } from 'node:net';
import { CliUsageError } from './errors.js';
import { closestMatch } from './suggest.js';

/** One option as `parseArgs` takes it (strings and booleans only). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
}

/** Parsed values: strings, booleans, or string arrays for `multiple` options. */
export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/** The result of {@link parseCommandArgs}. */
export interface ParsedArgs {
  readonly values: ParsedValues;
  readonly positionals: string[];
}

/**
 * Options every command accepts, anywhere on the command line: `--help`, `--debug` (stack traces) and
 * `--json` (results, and errors, as JSON).
 */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
  json: { type: 'boolean' },
};

const NEGATIVE_NUMBER = /^-(?:\d|\.\d)/;

/**
 * `--rto -5` and `-k -x`: a string option followed by a negative number takes it as its value
 * (parseArgs would call it ambiguous), so range checks can say what is allowed.
 */
function joinNegativeValues(argv: readonly string[], options: Readonly<Record<string, OptionSpec>>): string[] {
  const shorts = new Map(Object.entries(options).flatMap(([name, o]) => (o.short === undefined ? [] : [[o.short, name] as const])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const name = token.startsWith('--') ? token.slice(2) : token.length === 2 && token.startsWith('-') ? shorts.get(token.slice(1)) : undefined;
    if (name !== undefined && !token.includes('=') && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(token.startsWith('--') ? `${token}=${next}` : `${token}${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

/** Node's parseArgs messages, in our words: one line naming the flag, with a suggestion for a typo. */
function describeParseError(e: unknown, options: Readonly<Record<string, OptionSpec>>): string {
  const message = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  // "Unknown option '--x'", "Option '-d, --duration <value>' argument missing": the long form.
  const flag = /'(?:-[^-' ], )?(-[^' ]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) {
    const names = Object.keys(options);
    const typed = flag.replace(/^--?/, '').split('=')[0] ?? '';
    const guess = flag.startsWith('--') ? closestMatch(typed, names) : undefined;
    return `unknown option ${flag}${guess === undefined ? '' : ` (did you mean --${guess}?)`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined) {
    if (/does not take an argument/.test(message)) {
      return `${flag} takes no value`;
    }
    if (/ambiguous/.test(message)) {
      return `${flag} needs a value; to give one that starts with "-", write ${flag}=<value>`;
    }
    return `${flag} needs a value`;
  }
  return message.replace(/\.$/, '');
}

/**
 * Parses `argv` for one command; unknown flags, missing values and extra positionals throw
 * {@link CliUsageError}.
 * @param command - the command name for messages, e.g. `"srtp decrypt"`
 * @param argv - the arguments after the command name
 * @param options - the command's options (the common `--help` and `--debug` are added)
 * @param maxPositionals - how many positional arguments the command takes
 * @returns the values and positionals
 * @throws {CliUsageError} on any parse problem
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
  maxPositionals = 0,
): ParsedArgs {
  const all = { ...COMMON_OPTIONS, ...options };
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, all),
      options: all,
      strict: true,
      allowPositionals: true,
    }) as ParsedArgs;
  } catch (e) {
    throw new CliUsageError(describeParseError(e, all), command);
  }
  if (parsed.values.help !== true && parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).map((p) => `"${p}"`).join(' ');
    throw new CliUsageError(`unexpected argument ${extra}`, command);
  }
  return parsed;
}

/**
 * Reads a string option.
 * @param values - parsed values
 * @param name - option name without dashes
 * @returns the string, or undefined when absent
 */
export function stringOption(values: ParsedValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Reads a numeric option and checks its range.
 * @param command - the command, for the message
 * @param values - parsed values
 * @param name - option name without dashes
 * @param range - inclusive bounds, and whether only integers are allowed
 * @returns the number, or `fallback` when absent
 * @throws {CliUsageError} when the value is not a number in range
 */
export function numberOption(
  command: string,
  values: ParsedValues,
  name: string,
  range: { min: number; max: number; integer?: boolean; unit?: string },
  fallback: number,
): number {
  const raw = stringOption(values, name);
  if (raw === undefined) {
    return fallback;
  }
  const text = raw.trim();
  const n = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text, 16) : Number(text);
  const what = `${range.integer === true ? 'an integer' : 'a number'}${range.unit === undefined ? '' : ` of ${range.unit}`} from ${range.min} to ${range.max}`;
  if (text === '' || !Number.isFinite(n) || n < range.min || n > range.max || (range.integer === true && !Number.isInteger(n))) {
    throw new CliUsageError(`"--${name}" expected ${what}, got "${raw}"`, command);
  }
  return n;
}

/** A host (literal IP or name) and a port. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host:port`, `[v6]:port`, a bare host (with `defaultPort`), or a bare IPv6 literal.
 * @param command - the command, for the message
 * @param text - the argument
 * @param defaultPort - port when none is given
 * @returns host and port
 * @throws {CliUsageError} when the port is not 1..65535 or the host is empty
 */
export function parseHostPort(command: string, text: string, defaultPort: number): HostPort {
  let host: string;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracket !== null) {
    host = bracket[1] ?? '';
    portText = bracket[2];
  } else if (isIP(text) === 6) {
    host = text;
  } else {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
    } else {
      host = text;
    }
  }
  if (host === '' || host.includes(':') && isIP(host) !== 6) {
    throw new CliUsageError(`expected host:port, got "${text}"`, command);
  }
  let port = defaultPort;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
      throw new CliUsageError(`expected a port from 1 to 65535 in "${text}"`, command);
    }
  }
  return { host, port };
}
