// @voip/audio meets @voip/rtp by shape only: a PacedFrame is what an RTP packet needs besides SSRC and
// payload type, and a parsed RtpPacket plus an arrival time is a JitterPacket. Checked here with the
// real @voip/rtp (a dev dependency; the package itself never imports it).
import { parseRtpPacket, serializeRtpPacket } from '@voip/rtp';
import type { RtpPacket } from '@voip/rtp';
import { afterEach, expect, expectTypeOf, it, vi } from 'vitest';
import { JitterBuffer, PacedSender, PCMU } from '../src/index.js';
import type { JitterPacket, PacedFrame } from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

it('types: RtpPacket & { arrivalMs } is a JitterPacket; a PacedFrame fills an RtpPacketInit', () => {
  expectTypeOf<RtpPacket & { arrivalMs: number }>().toExtend<JitterPacket>();
  expectTypeOf<PacedFrame>().toExtend<Pick<RtpPacket, 'payload' | 'timestamp' | 'sequenceNumber' | 'marker'>>();
});

it('PacedSender -> serializeRtpPacket -> parseRtpPacket -> JitterBuffer plays the audio back', () => {
  vi.useFakeTimers();
  const jitter = new JitterBuffer({ codec: PCMU });
  const wire: Uint8Array[] = [];
  const sender = new PacedSender({ codec: PCMU, send: (frame) => wire.push(serializeRtpPacket({ ...frame, payloadType: 0, ssrc: 0x5eed })) });
  const speech = Int16Array.from({ length: 1600 }, (_, i) => Math.round(9000 * Math.sin(i / 4)));
  sender.write(speech);
  sender.start();
  vi.advanceTimersByTime(199);
  sender.stop();
  expect(wire.length).toBe(10);
  const played: number[] = [];
  for (const bytes of wire) {
    const packet = parseRtpPacket(bytes);
    jitter.push({ ...packet, arrivalMs: performance.now() });
    const frame = jitter.pull();
    if (frame.kind === 'audio') {
      played.push(...frame.pcm);
    }
  }
  for (let i = 0; i < 4; i++) {
    const frame = jitter.pull();
    if (frame.kind === 'audio') {
      played.push(...frame.pcm);
    }
  }
  expect(parseRtpPacket(wire[0]!).marker).toBe(true);
  expect(played).toEqual([...PCMU.createDecoder().decode(PCMU.createEncoder().encode(speech))]);
});
