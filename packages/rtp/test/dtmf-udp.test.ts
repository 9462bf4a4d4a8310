import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, expect, it } from 'vitest';
import { DtmfReceiver, DtmfSender, parseRtpPacket, serializeRtpPacket, type DtmfDigitEnd } from '../src/index.js';

// A stream as a call would run it: the sender's plan sent at its times over UDP on 127.0.0.1, among
// PCMU packets of the same SSRC, and a receiver that routes by payload type.
const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) {
    s.close();
  }
});

it('digits sent over UDP on 127.0.0.1, among audio packets, arrive as the same digits', async () => {
  const rx = createSocket('udp4');
  const tx = createSocket('udp4');
  sockets.push(rx, tx);
  rx.bind(0, '127.0.0.1');
  await once(rx, 'listening');
  const port = rx.address().port;

  const ends: DtmfDigitEnd[] = [];
  const receiver = new DtmfReceiver({ payloadTypes: [101], onDigitEnd: (e) => ends.push(e) });
  let audio = 0;
  rx.on('message', (bytes) => {
    const packet = parseRtpPacket(bytes);
    if (receiver.isTelephoneEvent(packet.payloadType)) {
      receiver.receive(packet, performance.now());
    } else {
      audio++;
    }
  });

  const ssrc = 0x5eed_0001;
  let sequenceNumber = 4000;
  const send = (p: Parameters<typeof serializeRtpPacket>[0]) => tx.send(serializeRtpPacket(p), port, '127.0.0.1');
  const sender = new DtmfSender({ payloadType: 101, packetIntervalMs: 20, durationMs: 60, pauseMs: 40 });
  const t0 = performance.now();
  const plan = sender.planDigits('159#', 80_000, t0);
  await Promise.all(
    plan.packets.map(
      (p) =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            send({ ...p, sequenceNumber: sequenceNumber++ & 0xffff, ssrc });
            send({ payloadType: 0, sequenceNumber: sequenceNumber++ & 0xffff, timestamp: 80_000, ssrc, payload: new Uint8Array(160).fill(0xff) });
            resolve();
          }, p.atMs - t0);
        }),
    ),
  );
  const deadline = performance.now() + 2000;
  while (ends.length < 4 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(ends.map((e) => e.digit).join('')).toBe('159#');
  expect(ends.every((e) => e.reason === 'end' && e.durationMs === 60 && e.ssrc === ssrc)).toBe(true);
  expect(receiver.stats.unexpectedPayloadType).toBe(0);
  expect(audio).toBeGreaterThan(0);
});
