/**
 * Int32Array views of ArrayBuffers, for XOR and copies a word at a time, cached so that a packet through
 * reused buffers makes none; and whether the platform reads words little-endian. Shared by the AES
 * counter mode (aes-ctr.ts), the keystream batches and the WebAssembly kernel's copies.
 * @module
 */

/** Whether an Int32Array reads memory little-endian on this platform. */
export const LITTLE_ENDIAN: boolean = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const EMPTY32 = new Int32Array(0);

/**
 * Int32Array views over ArrayBuffers recently XORed, reused while those buffers come back: slot 0 is
 * the keystream's (primed by the keystream batch that owns it); slots 1-4 hold sources and 5-8
 * destinations, each replaced round-robin, so a socket's fresh source buffers never evict the
 * caller's reused output buffer. Holds at most 8 caller buffers alive.
 */
const SLOTS = 9;
const cacheBuf: (ArrayBufferLike | undefined)[] = new Array<ArrayBufferLike | undefined>(SLOTS).fill(undefined);
const cacheView: Int32Array[] = new Array<Int32Array>(SLOTS).fill(EMPTY32);
let nextSrc = 1;
let nextDst = 5;

/**
 * Makes `view` (an Int32Array over all of `buf`) the cached keystream view, so the next XOR with a
 * keystream in `buf` makes none. Keystream batches call this with the view they keep.
 */
export function primeKeystreamView(buf: ArrayBufferLike, view: Int32Array): void {
  cacheBuf[0] = buf;
  cacheView[0] = view;
}

/** An Int32Array over all of `buf` (rounded down to whole words). */
export function int32View(buf: ArrayBufferLike): Int32Array {
  return new Int32Array(buf, 0, buf.byteLength >>> 2);
}

/** `role`: 0 keystream, 1 source, 2 destination. Cached: allocates only for a new buffer. */
export function view32(buf: ArrayBufferLike, role: number): Int32Array {
  if (role === 0) {
    if (cacheBuf[0] === buf) {
      return cacheView[0]!;
    }
  } else {
    for (let i = 1; i < SLOTS; i++) {
      if (cacheBuf[i] === buf) {
        return cacheView[i]!;
      }
    }
  }
  const v = int32View(buf);
  let slot = 0;
  if (role === 1) {
    slot = nextSrc;
    nextSrc = slot === 4 ? 1 : slot + 1;
  } else if (role === 2) {
    slot = nextDst;
    nextDst = slot === 8 ? 5 : slot + 1;
  }
  cacheBuf[slot] = buf;
  cacheView[slot] = v;
  return v;
}

