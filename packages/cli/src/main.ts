/**
 * The `voip` executable's entry point: picks the command, runs it, and turns failures into exit codes
 * and one-line messages (2: usage, 1: runtime failure or internal error; the stack only with `--debug`).
 * @module
 */
import type { CliCommand } from './command.js';
import { escapeControlCharacters as esc, isCliError, isCliUsageError } from './errors.js';
import { closestMatch } from './suggest.js';
import type { CliIo } from './io.js';
import { demoCommand } from './commands/demo.js';
import { stunCommand } from './commands/stun.js';
import { stunServerCommand } from './commands/stun-server.js';
import { srtpDecryptCommand, srtpEncryptCommand } from './commands/srtp.js';
import { rtpStatsCommand } from './commands/rtp-stats.js';

/** Every command, in the order `voip --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  stunCommand,
  stunServerCommand,
  srtpDecryptCommand,
  srtpEncryptCommand,
  rtpStatsCommand,
];

/** The package version, replaced at build time; `0.0.0-dev` from source. */
declare const __VOIP_CLI_VERSION__: string | undefined;
const VERSION = typeof __VOIP_CLI_VERSION__ === 'string' ? __VOIP_CLI_VERSION__ : '0.0.0-dev';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'voip: a secure VoIP media toolbox (STUN, RTP/RTCP, SRTP, SDES) for Node.js',
    '',
    'Usage: voip <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command, anywhere on the line: --help (-h) shows its options and examples;',
    '--debug shows stack traces; --json gives results and errors as JSON (errors on stderr as',
    '{"error":{"code":"...","message":"..."}}, with the same exit code).',
    '',
    'Examples:',
    '  voip demo                                   a 10 s SRTP call on loopback, checked bit for bit',
    '  voip stun stun.l.google.com:19302            this machine\'s public address',
    '  voip srtp decrypt call.pcap -o plain.pcap --key "inline:..."',
    '  voip rtp stats plain.pcap',
    '',
    'Exit codes: 0 success, 1 failure (message on stderr), 2 usage error.',
    '',
  ].join('\n');
}

/** Flags that mean the same for every command and may come anywhere, also before the command. */
const GLOBAL_FLAGS = new Set(['--debug', '--json', '--help', '-h']);

/** Splits off the global flags before any `--`: the other words, the flags, and `--` with what follows. */
function splitGlobalFlags(argv: readonly string[]): { words: string[]; flags: Set<string>; tail: string[] } {
  const words: string[] = [];
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      return { words, flags, tail: argv.slice(i) };
    }
    if (GLOBAL_FLAGS.has(a)) {
      flags.add(a === '-h' ? '--help' : a);
    } else {
      words.push(a);
    }
  }
  return { words, flags, tail: [] };
}

/** The help of a command group such as `voip srtp`: its subcommands. */
function groupHelp(group: string, members: readonly CliCommand[]): string {
  const width = Math.max(...members.map((c) => c.name.length));
  return [
    `Usage: voip ${group} <command> [options]`,
    '',
    'Commands:',
    ...members.map((c) => `  voip ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `See voip ${group} <command> --help for each one's options and examples.`,
    '',
  ].join('\n');
}

/** Reports a failure: one line of text, or with `--json` one JSON object, on stderr. */
function reportError(io: CliIo, json: boolean, code: string, text: string): void {
  if (json) {
    io.stderr.write(`${JSON.stringify({ error: { code, message: esc(text) } })}\n`);
  } else {
    io.stderr.write(`${esc(text)}\n`);
  }
}

/**
 * Runs the `voip` command line in-process. `--help`, `--debug` and `--json` may come anywhere; with
 * `--json`, a failure is written to stderr as `{"error":{"code":"...","message":"..."}}` (code
 * `USAGE`, `INTERNAL`, or the `code` of a `CliError`), with the same exit code.
 * @param argv - the arguments after the executable, e.g. `['demo', '--duration', '2']`
 * @param io - where to write; see `captureIo` for tests
 * @returns the exit code: 0 success, 1 failure, 2 usage error
 * @example
 * ```ts
 * import { captureIo, runCli } from '@voip/cli';
 * const code = await runCli(['stun', '127.0.0.1:3478', '--json'], captureIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { words, flags, tail } = splitGlobalFlags(argv);
  const debug = flags.has('--debug');
  const json = flags.has('--json');
  const first = words[0];
  if (first === undefined || first === 'help') {
    io.stdout.write(overview());
    return first === undefined && !flags.has('--help') ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // Longest match first: "srtp decrypt" before a hypothetical "srtp".
  const command = [...COMMANDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => c.name.split(' ').every((w, i) => words[i] === w));
  if (command === undefined) {
    return unknownCommand(io, json, words, flags.has('--help'));
  }
  if (flags.has('--help')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  // The global flags go back after the command's own arguments, where its parser sees them.
  const rest = [...words.slice(command.name.split(' ').length), ...flags, ...tail];
  try {
    return await command.run(rest, io);
  } catch (e) {
    return reportFailure(io, json, debug, command, e);
  }
}

/** `voip <typo>` or `voip srtp` / `voip srtp --help`: a suggestion, or the group's help. */
function unknownCommand(io: CliIo, json: boolean, words: readonly string[], help: boolean): number {
  const first = words[0] ?? '';
  const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
  if (group.length > 0) {
    const sub = words[1];
    if (help || sub === undefined) {
      if (help) {
        io.stdout.write(groupHelp(first, group));
        return 0;
      }
      reportError(io, json, 'USAGE', `voip: "voip ${first}" needs a subcommand: ${group.map((c) => c.name.split(' ')[1]).join(', ')}; see voip ${first} --help`);
      return 2;
    }
    const guess = closestMatch(sub, group.map((c) => c.name.split(' ')[1] ?? ''));
    reportError(io, json, 'USAGE', `voip: unknown command "${first} ${sub}"${guess === undefined ? '' : `; did you mean "voip ${first} ${guess}"?`}; see voip ${first} --help`);
    return 2;
  }
  const names = [...new Set(COMMANDS.flatMap((c) => [c.name, c.name.split(' ')[0] ?? '']))];
  const twoWords = words[1] === undefined ? undefined : closestMatch(`${first} ${words[1]}`, COMMANDS.map((c) => c.name).filter((n) => n.includes(' ')));
  const guess = twoWords ?? closestMatch(first, names);
  reportError(io, json, 'USAGE', `voip: unknown command "${first}"${guess === undefined ? '' : `; did you mean "voip ${guess}"?`}; see voip --help`);
  return 2;
}

/** Turns what a command threw into its message and exit code (2 usage, 1 failure or internal error). */
function reportFailure(io: CliIo, json: boolean, debug: boolean, command: CliCommand, e: unknown): number {
  if (isCliUsageError(e)) {
    reportError(io, json, 'USAGE', `voip ${command.name}: ${e.message}; see voip ${e.command ?? command.name} --help`);
    return 2;
  }
  if (isCliError(e)) {
    reportError(io, json, e.code, `voip ${command.name}: ${e.message}`);
    if (debug && e.cause !== undefined) {
      io.stderr.write(`${esc(describeCause(e.cause)).replaceAll('\\x0a', '\n')}\n`);
    }
    return 1;
  }
  const message = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
  reportError(io, json, 'INTERNAL', `voip ${command.name}: internal error: ${message}`);
  if (debug) {
    io.stderr.write(`${esc(e instanceof Error ? (e.stack ?? message) : message).replaceAll('\\x0a', '\n')}\n`);
  } else if (!json) {
    io.stderr.write('rerun with --debug for the stack trace\n');
  }
  return 1;
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
}
