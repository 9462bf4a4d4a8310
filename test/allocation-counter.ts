/**
 * Test helper for the zero-allocation checks: counts every construction of the named typed-array,
 * DataView and ArrayBuffer classes and every `subarray` view cut from any typed array, by wrapping the
 * globals until the returned function puts them back.
 */

/** The counters {@link countTypedArrayAllocations} increments (other fields of the object are left alone). */
export interface TypedArrayAllocationCounts {
  constructed: number;
  subarray: number;
}

/** The classes counted by default. */
export const COUNTED_CLASSES = ['Uint8Array', 'Int32Array', 'Uint32Array', 'Float64Array', 'DataView', 'ArrayBuffer'] as const;

/**
 * Starts counting into `counts`; returns the function that stops counting and restores the globals.
 * Subclasses (node's Buffer) constructed through a wrapped class are counted too.
 */
export function countTypedArrayAllocations(counts: TypedArrayAllocationCounts, names: readonly string[] = COUNTED_CLASSES): () => void {
  const g = globalThis as unknown as Record<string, unknown>;
  const restore: (() => void)[] = [];
  for (const name of names) {
    const orig = g[name] as new (...a: unknown[]) => unknown;
    g[name] = new Proxy(orig, {
      construct(target, args, newTarget) {
        counts.constructed++;
        return Reflect.construct(target, args, newTarget === g[name] ? target : newTarget) as object;
      },
    });
    restore.push(() => {
      g[name] = orig;
    });
  }
  const typedProto = Object.getPrototypeOf(Uint8Array.prototype) as { subarray: (...a: unknown[]) => unknown };
  const sub = typedProto.subarray;
  typedProto.subarray = function (this: unknown, ...a: unknown[]) {
    counts.subarray++;
    return sub.apply(this, a);
  };
  restore.push(() => {
    typedProto.subarray = sub;
  });
  return () => {
    while (restore.length > 0) {
      restore.pop()!();
    }
  };
}
