/**
 * The `voip` executable's entry point: picks the command, runs it, and turns failures into exit codes
 * and one-line messages (2: usage, 1: runtime failure or internal error; the stack only with `--debug`).
 * @module
 */
import type { CliCommand } from './command.js';
import { escapeControlCharacters as esc, isCliError, isCliUsageError } from './errors.js';
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
    'Options for every command: --help (-h) shows its options and examples; --debug shows stack traces.',
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

/**
 * Runs the `voip` command line in-process.
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
  const debug = argv.includes('--debug');
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(overview());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // Longest match first: "srtp decrypt" before a hypothetical "srtp".
  const command = [...COMMANDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => {
      const words = c.name.split(' ');
      return words.every((w, i) => argv[i] === w);
    });
  if (command === undefined) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    const hint =
      group.length > 0
        ? `"voip ${first}" needs a subcommand: ${group.map((c) => c.name.split(' ')[1]).join(', ')}`
        : `unknown command "${first}"`;
    io.stderr.write(`voip: ${esc(hint)}; see voip --help\n`);
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (isCliUsageError(e)) {
      io.stderr.write(`voip ${command.name}: ${esc(e.message)}; see voip ${e.command ?? command.name} --help\n`);
      return 2;
    }
    if (isCliError(e)) {
      io.stderr.write(`voip ${command.name}: ${esc(e.message)}\n`);
      if (debug && e.cause !== undefined) {
        io.stderr.write(`${esc(describeCause(e.cause)).replaceAll('\\x0a', '\n')}\n`);
      }
      return 1;
    }
    const message = e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
    io.stderr.write(`voip ${command.name}: internal error: ${esc(message)}\n`);
    io.stderr.write(debug ? `${esc(e instanceof Error ? (e.stack ?? message) : message).replaceAll('\\x0a', '\n')}\n` : 'rerun with --debug for the stack trace\n');
    return 1;
  }
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
}
