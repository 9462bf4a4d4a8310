/**
 * The shape of one `voip` command: its name, a one-line summary for the overview, its `--help` text,
 * and the function that runs it.
 * @module
 */
import type { CliIo } from './io.js';

/** One command of the `voip` executable. */
export interface CliCommand {
  /** Words after `voip`, e.g. `"srtp decrypt"`. */
  readonly name: string;
  /** One line for `voip --help`. */
  readonly summary: string;
  /** Full `--help` text, with examples. */
  readonly help: string;
  /**
   * Runs the command.
   * @param argv - arguments after the command name
   * @param io - where to write
   * @returns the exit code
   */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
