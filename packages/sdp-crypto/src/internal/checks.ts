/**
 * Runtime checks on caller input that TypeScript cannot make for JavaScript callers.
 * @module
 */

/** `Array.isArray` without narrowing to `any[]` (keeps the element type the caller declared). */
export function isList(x: unknown): boolean {
  return Array.isArray(x);
}
