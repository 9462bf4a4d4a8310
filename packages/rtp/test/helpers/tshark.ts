/** Runs tshark on a pcap and returns, per frame, the requested fields (all occurrences of each). */
import { execFileSync } from 'node:child_process';

export function tsharkFields(pcap: string, decodeAs: readonly string[], fields: readonly string[], extra: readonly string[] = []): string[][][] {
  const args = ['-r', pcap, ...decodeAs.flatMap((d) => ['-d', d]), ...extra, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|', '-E', 'separator=/t'];
  for (const f of fields) {
    args.push('-e', f);
  }
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  return out
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t').map((cell) => (cell === '' ? [] : cell.split('|'))));
}

/** Runs tshark with free-form arguments (e.g. `-q -z rtp,streams`) and returns stdout. */
export function tshark(args: readonly string[]): string {
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

export const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
/** Byte fields as tshark's -T fields prints them: plain lowercase hex. */
export const plainHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
