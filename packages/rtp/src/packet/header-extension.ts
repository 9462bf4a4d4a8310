/**
 * RTP header extension elements, RFC 8285 (https://www.rfc-editor.org/rfc/rfc8285): the one-byte form
 * (profile 0xBEDE, §4.2) and the two-byte form (profile 0x100 + 4 app bits, §4.3), over the raw
 * {@link RtpHeaderExtension} of RFC 3550 §5.3.1.
 *
 * ```text
 * one-byte element (§4.2):  | ID (4) | L (4) | data (L+1 bytes) |   ID 1..14; 0 = padding byte; 15 = stop
 * two-byte element (§4.3):  | ID (8) | length (8) | data (length bytes) |   ID 1..255; 0 = padding byte
 * ```
 * Functions here never mutate their input; setters return a new extension.
 * @module
 */
import { RtpError } from '../errors.js';
import type { RtpHeaderExtension } from './rtp-packet.js';

/** Profile value of the one-byte form (RFC 8285 §4.2). */
export const ONE_BYTE_EXTENSION_PROFILE = 0xbede;
/** Profile value of the two-byte form with app bits 0 (RFC 8285 §4.3); the low 4 bits are app bits. */
export const TWO_BYTE_EXTENSION_PROFILE = 0x1000;

/**
 * One RFC 8285 element: its local identifier and data (a view when parsed).
 *
 * @example
 * ```ts
 * import { buildHeaderExtension, type RtpHeaderExtensionElement } from '@voip/rtp';
 * const audioLevel: RtpHeaderExtensionElement = { id: 1, data: Uint8Array.of(0x80 | 30) };
 * buildHeaderExtension([audioLevel]);
 * ```
 */
export interface RtpHeaderExtensionElement {
  /** Local identifier, 1..14 in the one-byte form, 1..255 in the two-byte form. */
  readonly id: number;
  /** Element data; 1..16 bytes in the one-byte form, 0..255 in the two-byte form. */
  readonly data: Uint8Array;
}

/**
 * Which RFC 8285 form `profile` denotes.
 * @param profile - the 16-bit "defined by profile" field.
 * @returns `'one-byte'`, `'two-byte'`, or `undefined` for any other profile.
 * @example
 * ```ts
 * import { headerExtensionForm } from '@voip/rtp';
 * headerExtensionForm(0xbede); // 'one-byte'
 * ```
 */
export function headerExtensionForm(profile: number): 'one-byte' | 'two-byte' | undefined {
  if (profile === ONE_BYTE_EXTENSION_PROFILE) {
    return 'one-byte';
  }
  return (profile & 0xfff0) === TWO_BYTE_EXTENSION_PROFILE ? 'two-byte' : undefined;
}

/**
 * Splits an RFC 8285 header extension into its elements, in wire order. Padding bytes (ID 0) are
 * skipped (in the one-byte form any byte with ID 0); in the one-byte form ID 15 stops parsing (§4.2). Element data are views into `extension.data`.
 * @param extension - a parsed header extension.
 * @returns the elements.
 * @throws {RtpError} `BAD_EXTENSION_PROFILE` (profile is not RFC 8285), `BAD_EXTENSION_ELEMENT`
 *   (an element runs past the end); `offset` is into `extension.data`.
 * @example
 * ```ts
 * import { parseHeaderExtensionElements } from '@voip/rtp';
 * const els = parseHeaderExtensionElements({ profile: 0xbede, data: new Uint8Array([0x10, 0xaa, 0, 0]) });
 * els[0]?.id; // 1
 * ```
 */
export function parseHeaderExtensionElements(extension: RtpHeaderExtension): RtpHeaderExtensionElement[] {
  const form = headerExtensionForm(extension.profile);
  if (form === undefined) {
    throw new RtpError(
      'BAD_EXTENSION_PROFILE',
      `header extension profile 0x${extension.profile.toString(16)} is not RFC 8285 (0xBEDE or 0x100X)`,
      0,
    );
  }
  const data = extension.data;
  const elements: RtpHeaderExtensionElement[] = [];
  let o = 0;
  while (o < data.length) {
    const b = data[o] as number;
    // RFC 8285 §4.2 / §4.3: ID 0 is reserved for padding; skip such bytes one at a time. (A one-byte
    // header with ID 0 but a nonzero length is not a valid element either, so it is skipped the same way.)
    if (b === 0 || (form === 'one-byte' && b >> 4 === 0)) {
      o += 1;
      continue;
    }
    let id: number;
    let len: number;
    let start: number;
    if (form === 'one-byte') {
      id = b >> 4;
      if (id === 15) {
        break; // RFC 8285 §4.2: ID 15 is reserved; stop processing
      }
      len = (b & 0x0f) + 1;
      start = o + 1;
    } else {
      if (o + 2 > data.length) {
        throw new RtpError('BAD_EXTENSION_ELEMENT', `two-byte element at offset ${o} has no length byte`, o);
      }
      id = b;
      len = data[o + 1] as number;
      start = o + 2;
    }
    if (start + len > data.length) {
      throw new RtpError(
        'BAD_EXTENSION_ELEMENT',
        `element ${id} at offset ${o}: length ${len} exceeds remaining ${data.length - start}`,
        o,
      );
    }
    elements.push({ id, data: data.subarray(start, start + len) });
    o = start + len;
  }
  return elements;
}

/**
 * Finds element `id` in an RFC 8285 header extension.
 * @param extension - the packet's extension, or `undefined`.
 * @param id - the element identifier.
 * @returns the element data (a view), or `undefined` when absent or the profile is not RFC 8285.
 * @throws {RtpError} `BAD_EXTENSION_ELEMENT` when the elements are malformed.
 * @example
 * ```ts
 * import { getHeaderExtensionElement } from '@voip/rtp';
 * getHeaderExtensionElement({ profile: 0xbede, data: new Uint8Array([0x10, 0xaa, 0, 0]) }, 1); // Uint8Array [170]
 * ```
 */
export function getHeaderExtensionElement(extension: RtpHeaderExtension | undefined, id: number): Uint8Array | undefined {
  if (extension === undefined || headerExtensionForm(extension.profile) === undefined) {
    return undefined;
  }
  for (const e of parseHeaderExtensionElements(extension)) {
    if (e.id === id) {
      return e.data;
    }
  }
  return undefined;
}

/**
 * Builds an RFC 8285 header extension from elements. Uses the one-byte form when every ID is 1..14
 * and every length 1..16 (and `form` does not ask for two-byte), else the two-byte form (§4.3).
 * The data is zero-padded to a multiple of 4 bytes.
 * @param elements - the elements, written in order.
 * @param options - `form` to force a form; `appBits` (0..15) for the two-byte profile.
 * @returns the extension.
 * @throws {RangeError} an ID outside 1..255 (1..14 when one-byte is forced), data over 255 bytes
 *   (over 16 or empty when one-byte is forced), or a duplicate ID.
 * @example
 * ```ts
 * import { buildHeaderExtension } from '@voip/rtp';
 * const ext = buildHeaderExtension([{ id: 1, data: new Uint8Array([0x80]) }]); // profile 0xBEDE
 * ```
 */
export function buildHeaderExtension(
  elements: readonly RtpHeaderExtensionElement[],
  options?: { readonly form?: 'one-byte' | 'two-byte'; readonly appBits?: number },
): RtpHeaderExtension {
  const seen = new Set<number>();
  let fitsOneByte = true;
  let size = 0;
  for (const { id, data } of elements) {
    if (!Number.isInteger(id) || id < 1 || id > 255) {
      throw new RangeError(`"id" expected an integer 1..255, got ${id}`);
    }
    if (data.length > 255) {
      throw new RangeError(`"data" of element ${id} expected at most 255 bytes, got ${data.length}`);
    }
    if (seen.has(id)) {
      throw new RangeError(`"id" ${id} appears twice`);
    }
    seen.add(id);
    if (id > 14 || data.length < 1 || data.length > 16) {
      fitsOneByte = false;
    }
    size += data.length;
  }
  const appBits = options?.appBits ?? 0;
  if (!Number.isInteger(appBits) || appBits < 0 || appBits > 15) {
    throw new RangeError(`"appBits" expected an integer 0..15, got ${appBits}`);
  }
  const form = options?.form ?? (fitsOneByte ? 'one-byte' : 'two-byte');
  if (form === 'one-byte' && !fitsOneByte) {
    throw new RangeError('"form" one-byte expected IDs 1..14 and data of 1..16 bytes');
  }
  const headerBytes = form === 'one-byte' ? 1 : 2;
  const raw = size + headerBytes * elements.length;
  const data = new Uint8Array((raw + 3) & ~3);
  let o = 0;
  for (const e of elements) {
    if (form === 'one-byte') {
      data[o] = (e.id << 4) | (e.data.length - 1);
    } else {
      data[o] = e.id;
      data[o + 1] = e.data.length;
    }
    data.set(e.data, o + headerBytes);
    o += headerBytes + e.data.length;
  }
  return {
    profile: form === 'one-byte' ? ONE_BYTE_EXTENSION_PROFILE : TWO_BYTE_EXTENSION_PROFILE | appBits,
    data,
  };
}

/**
 * Returns a new extension with element `id` set to `value` (replaced in place when present, appended
 * otherwise). A two-byte extension stays two-byte (its app bits kept); a one-byte one switches to the
 * two-byte form when `id` > 14 or `value` is empty or over 16 bytes (RFC 8285 §4.3).
 * @param extension - the current extension, or `undefined` for none.
 * @param id - element identifier, 1..255.
 * @param value - element data, 0..255 bytes.
 * @returns the new extension.
 * @throws {RangeError} bad `id` / `value`, or `extension` has a non-RFC 8285 profile.
 * @throws {RtpError} `BAD_EXTENSION_ELEMENT` when the existing elements are malformed.
 * @example
 * ```ts
 * import { setHeaderExtensionElement, getHeaderExtensionElement } from '@voip/rtp';
 * const ext = setHeaderExtensionElement(undefined, 3, new Uint8Array([1, 2]));
 * getHeaderExtensionElement(ext, 3); // Uint8Array [1, 2]
 * ```
 */
export function setHeaderExtensionElement(
  extension: RtpHeaderExtension | undefined,
  id: number,
  value: Uint8Array,
): RtpHeaderExtension {
  const elements = existingElements(extension);
  const index = elements.findIndex((e) => e.id === id);
  const element = { id, data: value };
  if (index >= 0) {
    elements[index] = element;
  } else {
    elements.push(element);
  }
  return rebuild(extension, elements);
}

/**
 * Returns a new extension without element `id`.
 * @param extension - the current extension, or `undefined`.
 * @param id - element identifier.
 * @returns the new extension, or `undefined` when no element is left.
 * @throws {RangeError} `extension` has a non-RFC 8285 profile.
 * @throws {RtpError} `BAD_EXTENSION_ELEMENT` when the existing elements are malformed.
 * @example
 * ```ts
 * import { removeHeaderExtensionElement, setHeaderExtensionElement } from '@voip/rtp';
 * removeHeaderExtensionElement(setHeaderExtensionElement(undefined, 1, new Uint8Array([9])), 1); // undefined
 * ```
 */
export function removeHeaderExtensionElement(
  extension: RtpHeaderExtension | undefined,
  id: number,
): RtpHeaderExtension | undefined {
  const elements = existingElements(extension).filter((e) => e.id !== id);
  return elements.length === 0 ? undefined : rebuild(extension, elements);
}

function existingElements(extension: RtpHeaderExtension | undefined): RtpHeaderExtensionElement[] {
  if (extension === undefined) {
    return [];
  }
  if (headerExtensionForm(extension.profile) === undefined) {
    throw new RangeError(
      `"extension" expected an RFC 8285 profile (0xBEDE or 0x100X), got 0x${extension.profile.toString(16)}`,
    );
  }
  // A remote may repeat an ID; keep the first occurrence (the one getHeaderExtensionElement returns).
  const seen = new Set<number>();
  return parseHeaderExtensionElements(extension).filter((e) => !seen.has(e.id) && seen.add(e.id) !== undefined);
}

function rebuild(previous: RtpHeaderExtension | undefined, elements: RtpHeaderExtensionElement[]): RtpHeaderExtension {
  if (previous !== undefined && headerExtensionForm(previous.profile) === 'two-byte') {
    return buildHeaderExtension(elements, { form: 'two-byte', appBits: previous.profile & 0x0f });
  }
  return buildHeaderExtension(elements);
}
