/**
 * A slow, readable RTP parser written straight from RFC 3550 §5.1 / §5.3.1, used only to cross-check
 * the optimized parser (noble-style). It walks the packet field by field with a DataView and returns
 * either the decoded fields or the name of the first rule the bytes break.
 */
export type ReferenceResult =
  | {
      ok: true;
      version: 2;
      padding: boolean;
      extension: boolean;
      csrcCount: number;
      marker: boolean;
      payloadType: number;
      sequenceNumber: number;
      timestamp: number;
      ssrc: number;
      csrcs: number[];
      extensionProfile: number | undefined;
      extensionData: number[] | undefined;
      payload: number[];
      paddingCount: number;
    }
  | { ok: false; rule: 'TRUNCATED' | 'BAD_VERSION' | 'BAD_CSRC_COUNT' | 'BAD_EXTENSION_LENGTH' | 'BAD_PADDING' };

export function referenceParseRtp(bytes: Uint8Array): ReferenceResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12) {
    return { ok: false, rule: 'TRUNCATED' };
  }
  const firstByte = view.getUint8(0);
  const version = Math.floor(firstByte / 64);
  if (version !== 2) {
    return { ok: false, rule: 'BAD_VERSION' };
  }
  const padding = Math.floor(firstByte / 32) % 2 === 1;
  const extension = Math.floor(firstByte / 16) % 2 === 1;
  const csrcCount = firstByte % 16;
  const secondByte = view.getUint8(1);
  const marker = secondByte >= 128;
  const payloadType = secondByte % 128;
  const sequenceNumber = view.getUint16(2);
  const timestamp = view.getUint32(4);
  const ssrc = view.getUint32(8);

  let position = 12;
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) {
    if (position + 4 > bytes.byteLength) {
      return { ok: false, rule: 'BAD_CSRC_COUNT' };
    }
    csrcs.push(view.getUint32(position));
    position += 4;
  }

  let extensionProfile: number | undefined;
  let extensionData: number[] | undefined;
  if (extension) {
    if (position + 4 > bytes.byteLength) {
      return { ok: false, rule: 'BAD_EXTENSION_LENGTH' };
    }
    extensionProfile = view.getUint16(position);
    const lengthInWords = view.getUint16(position + 2);
    position += 4;
    if (position + lengthInWords * 4 > bytes.byteLength) {
      return { ok: false, rule: 'BAD_EXTENSION_LENGTH' };
    }
    extensionData = Array.from(bytes.slice(position, position + lengthInWords * 4));
    position += lengthInWords * 4;
  }

  let paddingCount = 0;
  if (padding) {
    paddingCount = view.getUint8(bytes.byteLength - 1);
    const roomAfterHeader = bytes.byteLength - position;
    if (paddingCount < 1 || paddingCount > roomAfterHeader) {
      return { ok: false, rule: 'BAD_PADDING' };
    }
  }
  const payload = Array.from(bytes.slice(position, bytes.byteLength - paddingCount));
  return {
    ok: true, version: 2, padding, extension, csrcCount, marker, payloadType, sequenceNumber, timestamp, ssrc,
    csrcs, extensionProfile, extensionData, payload, paddingCount,
  };
}
