/**
 * `voip stun-server`: a STUN server answering Binding requests (RFC 8489 §6.3, RFC 5389 §7.3) until
 * SIGINT or SIGTERM.
 * @module
 */
import { isStunError } from '@voip/stun';
import { StunServer, type StunRequestEvent } from '@voip/stun/node';
import { isIP } from 'node:net';
import { numberOption, parseCommandArgs, stringOption } from '../args.js';
import type { CliCommand } from '../command.js';
import { CliError, CliUsageError, escapeControlCharacters } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatAddress } from './stun.js';

const OPTIONS = {
  host: { type: 'string', multiple: true },
  port: { type: 'string', short: 'p' },
  verbose: { type: 'boolean', short: 'v' },
  software: { type: 'string' },
} as const;

const HELP = `Usage: voip stun-server [--host <ip>]... [--port <port>] [--verbose]

Runs a STUN server: answers Binding requests with XOR-MAPPED-ADDRESS and MAPPED-ADDRESS (RFC 8489,
RFC 5389; RFC 3489 clients too) until Ctrl-C (SIGINT) or SIGTERM, then closes cleanly.

Options:
      --host <ip>       literal address to listen on; repeat for several (default 0.0.0.0)
  -p, --port <port>     UDP port (default 3478; 0 picks a free one)
  -v, --verbose         one line per request: time, client, outcome
      --software <text> SOFTWARE attribute to send (default none)

Examples:
  voip stun-server
  voip stun-server --host 127.0.0.1 --host ::1 --port 3479 --verbose
  voip stun 127.0.0.1:3479            # query it
`;

function describe(event: StunRequestEvent): string {
  const outcome = typeof event.outcome === 'number' ? `error ${event.outcome}` : event.outcome;
  const kind = event.method === 1 ? 'Binding' : `method 0x${event.method.toString(16)}`;
  return `${new Date().toISOString()} ${formatAddress(event.remote)} ${kind}${event.rfc3489 ? ' (RFC 3489)' : ''}: ${outcome}`;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = 'stun-server';
  const { values } = parseCommandArgs(command, argv, OPTIONS, 0);
  const hosts = (values.host as string[] | undefined) ?? ['0.0.0.0'];
  for (const h of hosts) {
    if (isIP(h) === 0) {
      throw new CliUsageError(`"--host" expected a literal IPv4 or IPv6 address, got "${h}"`, command);
    }
  }
  const port = numberOption(command, values, 'port', { min: 0, max: 65535, integer: true }, 3478);
  const verbose = values.verbose === true;
  const software = stringOption(values, 'software');
  let answered = 0;
  const server = new StunServer({
    ...(software === undefined ? {} : { software }),
    onRequest: (event) => {
      answered++;
      if (verbose) {
        io.stdout.write(`${escapeControlCharacters(describe(event))}\n`);
      }
    },
    onError: (error) => io.stderr.write(`voip stun-server: ${escapeControlCharacters(error.message)}\n`),
  });
  let addresses;
  try {
    addresses = await server.listen({ host: hosts, port });
  } catch (e) {
    if (isStunError(e)) {
      throw new CliError('IO', `cannot listen on ${hosts.join(', ')} port ${port}: ${e.message}`, { cause: e });
    }
    throw e;
  }
  io.stdout.write(`STUN server listening on ${addresses.map(formatAddress).join(', ')} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    if (io.signal === undefined) {
      return; // nothing can stop it: runs until the process is killed
    }
    if (io.signal.aborted) {
      resolve();
    } else {
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    }
  });
  await server.close();
  io.stdout.write(`stopped after ${answered} request(s)\n`);
  return 0;
}

/** `voip stun-server`. */
export const stunServerCommand: CliCommand = {
  name: 'stun-server',
  summary: 'run a STUN server (Binding) until Ctrl-C',
  help: HELP,
  run,
};
