/**
 * Datagrams as hex text, one per line: what people paste from logs and Wireshark's "Copy as Hex
 * Stream". Whitespace, `:` separators and `0x` prefixes are tolerated; `#` starts a comment.
 * @module
 */
import { CliUsageError } from './errors.js';

/** One datagram read from hex text, with its line number (1-based) for messages. */
export interface HexLine {
  readonly line: number;
  readonly bytes: Uint8Array;
}

/**
 * Parses hex text into datagrams, one per non-empty line.
 * @param text - the input
 * @param source - name for messages (file name or `stdin`)
 * @returns the datagrams in order
 * @throws {CliUsageError} naming the line when it holds a non-hex character or an odd digit count
 * @example
 * ```ts
 * import { parseHexLines } from '@voip/cli';
 * parseHexLines('80 00 00 01 # a comment\n0x8000'); // two datagrams
 * ```
 */
export function parseHexLines(text: string, source = 'input'): HexLine[] {
  const out: HexLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] ?? '';
    const hash = raw.indexOf('#');
    const content = (hash >= 0 ? raw.slice(0, hash) : raw).replace(/0x/gi, '').replace(/[\s:]/g, '');
    if (content === '') {
      continue;
    }
    const bad = /[^0-9a-f]/i.exec(content);
    if (bad !== null) {
      throw new CliUsageError(`${source} line ${n + 1}: "${bad[0]}" is not a hex digit`);
    }
    if (content.length % 2 !== 0) {
      throw new CliUsageError(`${source} line ${n + 1}: odd number of hex digits (${content.length})`);
    }
    out.push({ line: n + 1, bytes: new Uint8Array(Buffer.from(content, 'hex')) });
  }
  return out;
}

/**
 * Formats bytes as lowercase hex without separators.
 * @param bytes - the datagram
 * @returns e.g. `"80000001"`
 * @example
 * ```ts
 * import { toHex } from '@voip/cli';
 * toHex(new Uint8Array([0x80, 0])); // "8000"
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
