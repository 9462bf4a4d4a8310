#!/usr/bin/env node
/**
 * The `voip` executable: runs {@link runCli} on the process arguments, aborts long-running commands on
 * SIGINT/SIGTERM, and exits with the command's code.
 * @module
 */
import { runCli } from './main.js';

const controller = new AbortController();
let stopping = false;
const stop = (): void => {
  if (stopping) {
    process.exit(130); // a second Ctrl-C: leave now
  }
  stopping = true;
  controller.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stderr.isTTY,
  stdin: process.stdin,
  signal: controller.signal,
});
process.exitCode = code;
process.removeListener('SIGINT', stop);
process.removeListener('SIGTERM', stop);
// Exit even if something (a STUN transaction abandoned after --timeout) still holds the event loop,
// but only once stdout and stderr are flushed (a slow pipe must not lose output). Unref'd: a process
// with nothing pending exits at once on its own.
process.stdout.write('', () => {
  process.stderr.write('', () => {
    setTimeout(() => process.exit(code), 200).unref();
  });
});
