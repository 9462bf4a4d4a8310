/**
 * The two kinds of failure the `voip` command reports without a stack trace.
 *
 * A {@link CliUsageError} is the user's mistake (unknown flag, bad value, missing argument): one line,
 * exit code 2. A {@link CliError} is an expected runtime failure (file unreadable, server silent,
 * audio not intact): one line, exit code 1. Anything else is an internal error: one line and a hint to
 * rerun with `--debug` for the stack.
 * @module
 */

/** Stable codes of {@link CliError}. */
export type CliErrorCode =
  | 'IO'
  | 'UNREACHABLE'
  | 'BAD_INPUT'
  | 'NOT_INTACT'
  | 'INTERRUPTED'
  /** A packet to write does not fit its length fields (IPv4 total length, UDP length > 65535). */
  | 'TOO_LARGE';

/**
 * The user's mistake on the command line: exit code 2, never a stack trace.
 *
 * @example
 * ```ts
 * import { CliUsageError } from '@voip/cli';
 * throw new CliUsageError('"--duration" expected a number of seconds > 0, got "abc"');
 * ```
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  /** The command whose `--help` the message points to, e.g. `"srtp decrypt"`. */
  readonly command: string | undefined;
  /**
   * @param message - one line saying what was wrong and what was expected
   * @param command - the command name, for the "see voip <command> --help" hint
   */
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/**
 * An expected runtime failure: exit code 1 with a one-line message.
 *
 * @example
 * ```ts
 * import { CliError } from '@voip/cli';
 * throw new CliError('IO', 'cannot read "x.pcap": no such file');
 * ```
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** Stable code saying what kind of failure this is. */
  readonly code: CliErrorCode;
  /**
   * @param code - the stable failure code
   * @param message - one line for the user
   * @param options - the underlying cause, shown with `--debug`
   */
  constructor(code: CliErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * True for a {@link CliUsageError}, also from a duplicate install (checks the name).
 * @param e - anything caught
 * @returns whether `e` is a usage error
 * @example
 * ```ts
 * import { isCliUsageError } from '@voip/cli';
 * declare const e: unknown;
 * if (isCliUsageError(e)) process.exitCode = 2;
 * ```
 */
export const isCliUsageError = (e: unknown): e is CliUsageError =>
  e instanceof Error && e.name === 'CliUsageError';

/**
 * True for a {@link CliError}, also from a duplicate install (checks the name).
 * @param e - anything caught
 * @returns whether `e` is an expected runtime failure
 * @example
 * ```ts
 * import { isCliError } from '@voip/cli';
 * declare const e: unknown;
 * if (isCliError(e)) process.exitCode = 1;
 * ```
 */
export const isCliError = (e: unknown): e is CliError => e instanceof Error && e.name === 'CliError';

/**
 * A one-line description of a Node.js file-system error, without the stack.
 * @param e - the caught error
 * @param path - the path involved
 * @returns e.g. `cannot read "x.pcap": no such file or directory`
 */
export function describeFsError(e: unknown, path: string, verb = 'read'): string {
  const code = (e as { code?: unknown } | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
    EEXIST: 'already exists',
    ENOSPC: 'no space left on device',
  };
  const reason =
    typeof code === 'string' && reasons[code] !== undefined
      ? reasons[code]
      : e instanceof Error
        ? e.message
        : String(e);
  return `cannot ${verb} "${path}": ${reason}`;
}

/**
 * Makes text safe to print on a terminal: C0 controls (including tab and newline), DEL and C1
 * controls become `\xNN`, and the Unicode bidirectional overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069) and line/paragraph separators become `\u{NNNN}`, so a file name, key or capture
 * content quoted in a message can neither move the cursor, recolour the terminal nor reorder the line.
 * A backslash is left as is.
 * @param text - a message, or a piece of one
 * @returns the text with every such character escaped
 * @example
 * ```ts
 * import { escapeControlCharacters } from '@voip/cli';
 * escapeControlCharacters('cannot read "\x1b[2Jx.pcap"'); // 'cannot read "\\x1b[2Jx.pcap"'
 * ```
 */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
  });
}
