/**
 * `voip stun [host:port]`: this machine's address as a STUN server sees it (RFC 8489 §6.3 Binding,
 * like `stunclient`), over UDP with RFC 8489 §6.2.1 retransmissions.
 * @module
 */
import { isIP } from 'node:net';
import { isStunError, type StunAddress } from '@voip/stun';
import { StunSocket } from '@voip/stun/node';
import { numberOption, parseCommandArgs, parseHostPort, type HostPort, type ParsedValues } from '../args.js';
import type { CliCommand } from '../command.js';
import { CliError, CliUsageError, escapeControlCharacters } from '../errors.js';
import type { CliIo } from '../io.js';

const OPTIONS = {
  json: { type: 'boolean' },
  ipv6: { type: 'boolean', short: '6' },
  timeout: { type: 'string' },
  rto: { type: 'string' },
  requests: { type: 'string' },
  'rfc-schedule': { type: 'boolean' },
  retransmissions: { type: 'string' },
  'local-port': { type: 'string' },
} as const;

/**
 * The server `voip stun` asks when none is given (a public server: the command says so when it uses
 * it). The libraries never contact one by default; this is the command line's own choice.
 */
export const CLI_DEFAULT_STUN_SERVER = 'stun.cloudflare.com:3478';

/**
 * Retransmission schedules: the interactive default gives up after 3.5 s (requests at 0, 0.5 and
 * 1.5 s, then 4 RTO); `--rfc-schedule` is RFC 8489 §6.2.1's Rc 7, Rm 16 (39.5 s with RTO 500 ms).
 */
const INTERACTIVE = { rto: 500, requests: 3, finalTimeoutFactor: 4 } as const;
const RFC = { rto: 500, requests: 7, finalTimeoutFactor: 16 } as const;

const HELP = `Usage: voip stun [host[:port]] [options]

Prints this machine's public address and port as a STUN server sees them (a Binding request, RFC 8489
§6.3): what a peer behind the internet would send media to. Without a server it asks the public server
${CLI_DEFAULT_STUN_SERVER}, and says so on stderr.

By default it gives up after 3.5 s: ${INTERACTIVE.requests} requests at 0, 500 and 1500 ms, then a wait of ${INTERACTIVE.finalTimeoutFactor} RTO. --rfc-schedule
uses RFC 8489 §6.2.1's schedule instead: ${RFC.requests} requests, a wait of ${RFC.finalTimeoutFactor} RTO (39.5 s in all); --rto and
--requests change either.

Options:
      --json                 the result as JSON
  -6, --ipv6                 use IPv6 (bind ::, resolve the server's AAAA record); implied by an IPv6
                             literal such as [2001:db8::1]:3478 or ::1
      --timeout <ms>         give up after this long overall (default: when retransmissions end)
      --rto <ms>             initial retransmission timeout, doubled per retry (default 500, RFC 8489 §6.2.1)
      --requests <n>         requests to send in all, the first included (Rc, RFC 8489 §6.2.1), before
                             giving up (default ${INTERACTIVE.requests}; ${RFC.requests} with --rfc-schedule)
      --rfc-schedule         the full RFC 8489 §6.2.1 schedule (Rc ${RFC.requests}, Rm ${RFC.finalTimeoutFactor}: 39.5 s) instead of 3.5 s
      --retransmissions <n>  the same as --requests <n+1>: retransmissions after the first request
      --local-port <port>    bind this local UDP port (default: any)

Exit code: 0 with the address, 1 when the server is unreachable or answers an error, 2 usage.

Examples:
  voip stun
  voip stun stun.l.google.com:19302 --json
  voip stun 127.0.0.1:3478 --rto 100 --requests 3
  voip stun [2001:db8::1]:3478
  voip stun stun.example.org --ipv6
`;

/** Text for `address:port`, bracketing IPv6. */
export function formatAddress(a: { readonly address: string; readonly port: number }): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/**
 * The server to ask: the argument, or {@link CLI_DEFAULT_STUN_SERVER} with a notice saying so.
 * @param command - for messages
 * @param positional - the `host[:port]` argument, if any
 * @returns the server, and the notice to print when it is the default
 * @throws {CliUsageError} for a malformed `host:port`
 */
export function chooseServer(command: string, positional: string | undefined): { server: HostPort; notice?: string } {
  if (positional === undefined) {
    return { server: parseHostPort(command, CLI_DEFAULT_STUN_SERVER, 3478), notice: `using default STUN server ${CLI_DEFAULT_STUN_SERVER} (a public server; give host:port to use another)` };
  }
  return { server: parseHostPort(command, positional, 3478) };
}

/** `--requests <n>` (Rc, the first request included), or `--retransmissions <n>`: n + 1 requests. */
function requestsOption(command: string, values: ParsedValues, fallback: number): number {
  if (values.requests !== undefined && values.retransmissions !== undefined) {
    throw new CliUsageError('give --requests or --retransmissions, not both', command);
  }
  if (values.retransmissions !== undefined) {
    return numberOption(command, values, 'retransmissions', { min: 0, max: 19, integer: true }, fallback - 1) + 1;
  }
  return numberOption(command, values, 'requests', { min: 1, max: 20, integer: true }, fallback);
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = 'stun';
  const { values, positionals } = parseCommandArgs(command, argv, OPTIONS, 1);
  const { server, notice } = chooseServer(command, positionals[0]);
  const schedule = values['rfc-schedule'] === true ? RFC : INTERACTIVE;
  const rto = numberOption(command, values, 'rto', { min: 1, max: 60_000, unit: 'milliseconds' }, schedule.rto);
  const maxRequests = requestsOption(command, values, schedule.requests);
  const timeout = numberOption(command, values, 'timeout', { min: 1, max: 600_000, unit: 'milliseconds' }, 0);
  const localPort = numberOption(command, values, 'local-port', { min: 0, max: 65535, integer: true }, 0);
  // An IPv6 literal ([::1]:3478 or ::1) needs an IPv6 socket; --ipv6 picks AAAA records for a name.
  const literal = isIP(server.host);
  if (values.ipv6 === true && literal === 4) {
    throw new CliUsageError(`--ipv6 with the IPv4 server address ${server.host}`, command);
  }
  const ipv6 = values.ipv6 === true || literal === 6;
  if (notice !== undefined) {
    io.stderr.write(`${notice}\n`);
  }
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let socket: StunSocket | undefined;
  const opening = StunSocket.open({
    host: ipv6 ? '::' : '0.0.0.0',
    port: localPort,
    stunServer: { host: server.host, port: server.port },
    rto,
    maxRequests,
    finalTimeoutFactor: schedule.finalTimeoutFactor,
  });
  let reachable: StunAddress;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      if (timeout > 0) {
        timer = setTimeout(() => reject(new CliError('UNREACHABLE', `no answer from ${formatAddress({ address: server.host, port: server.port })} within ${timeout} ms`)), timeout);
      }
    });
    socket = await Promise.race([opening, timedOut]);
    reachable = socket.reachableAddress;
  } catch (e) {
    // Close the socket if it opens after our timeout.
    opening.then((s) => s.close(), () => undefined).catch(() => undefined);
    if (isStunError(e)) {
      const where = formatAddress({ address: server.host, port: server.port });
      switch (e.code) {
        case 'TIMEOUT':
          throw new CliError(
            'UNREACHABLE',
            `no answer from ${where} after ${maxRequests} request(s) (is the server up, the port right, UDP allowed?)`,
            { cause: e },
          );
        case 'DNS_FAILURE':
          throw new CliError('UNREACHABLE', e.message.startsWith('cannot resolve') ? e.message : `cannot resolve "${server.host}": ${e.message}`, { cause: e });
        case 'ERROR_RESPONSE':
          throw new CliError('UNREACHABLE', `${where} answered with an error: ${e.message}`, { cause: e });
        case 'BIND_FAILED':
          throw new CliError('IO', `cannot bind a local UDP socket: ${e.message}`, { cause: e });
        default:
          throw new CliError('UNREACHABLE', `${where}: ${e.message}`, { cause: e });
      }
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const elapsedMs = Math.round(performance.now() - started);
  const local = socket.localAddress();
  await socket.close();
  if (values.json === true) {
    io.stdout.write(
      `${JSON.stringify({ server: formatAddress({ address: server.host, port: server.port }), address: reachable.address, port: reachable.port, family: reachable.family, local: { address: local.address, port: local.port }, elapsedMs }, null, 2)}\n`,
    );
  } else {
    io.stdout.write(`${formatAddress(reachable)}\n`);
    io.stderr.write(`(${reachable.family} as seen by ${escapeControlCharacters(formatAddress({ address: server.host, port: server.port }))}; local ${formatAddress(local)}; ${elapsedMs} ms)\n`);
  }
  return 0;
}

/** `voip stun`. */
export const stunCommand: CliCommand = {
  name: 'stun',
  summary: "this machine's public address as a STUN server sees it",
  help: HELP,
  run,
};

