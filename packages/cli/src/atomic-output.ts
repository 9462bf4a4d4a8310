/**
 * An output file that appears only when the run succeeds: written under a temporary name in the same
 * directory, renamed over the target at the end (atomic on POSIX file systems), removed on failure, so
 * a failed run never leaves a partial file and never clobbers an existing one (nor its own input).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError, describeFsError } from './errors.js';

/**
 * A pending output file.
 *
 * Usage (internal to the CLI, not exported from the package):
 * ```ts
 * const out = AtomicOutput.for('plain.pcap');
 * // ... write out.tempPath ...
 * out.commit(); // or out.discard()
 * ```
 */
export class AtomicOutput {
  /** Where the target is. */
  readonly path: string;
  /** Where to write until {@link commit}: a hidden file next to the target. */
  readonly tempPath: string;
  #settled = false;

  private constructor(path: string) {
    this.path = path;
    this.tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  }

  /**
   * Plans an output at `path` (nothing is created yet).
   * @param path - the file the output should end up in
   * @returns the pending output
   */
  static for(path: string): AtomicOutput {
    return new AtomicOutput(path);
  }

  /**
   * Moves the temporary file over the target.
   * @throws {CliError} `IO` when the rename fails (the temporary file is removed)
   */
  commit(): void {
    if (this.#settled) {
      return;
    }
    this.#settled = true;
    try {
      renameSync(this.tempPath, this.path);
    } catch (e) {
      rmSync(this.tempPath, { force: true });
      throw new CliError('IO', describeFsError(e, this.path, 'write'), { cause: e });
    }
  }

  /** Removes the temporary file, if it was created; the target is left as it was. */
  discard(): void {
    if (this.#settled) {
      return;
    }
    this.#settled = true;
    try {
      rmSync(this.tempPath, { force: true });
    } catch {
      // Nothing more to do: the failure being reported matters more.
    }
  }
}
