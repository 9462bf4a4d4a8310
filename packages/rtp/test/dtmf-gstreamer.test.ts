import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, expect, it } from 'vitest';
import { debianPython, describeWithPeers } from '../../../scripts/test-peers.js';
import { RtpCall, RtpMultiplexer, type DtmfDigitEnd, type MediaDescription, type TransportAddress } from '../src/index.js';
import { createUdpTransport } from '../src/node.js';
import { PCMU, until } from './multiplexer-fixtures.js';

// RFC 4733 telephone events between our RtpCall and GStreamer, both ways, on 127.0.0.1.
//  - GStreamer -> us: rtpdtmfsrc, driven by "dtmf-event" custom upstream events that a small PyGObject
//    script (Debian python3, python3-gi, gir1.2-gstreamer-1.0) sends it, into udpsink; a relay in this test
//    forwards the packets to the call, optionally dropping and duplicating some (an impaired path).
//  - us -> GStreamer: RtpCall.sendDigits to `gst-launch-1.0 -m udpsrc ! rtpdtmfdepay ! fakesink`, whose
//    "dtmf-event" bus messages (printed on stdout by -m) say which events GStreamer decoded.

const PT = 101;
const DIGITS = '0123456789*#ABCD';
const TELEPHONE_EVENT = (remote?: TransportAddress): MediaDescription => ({
  payloadType: PT,
  encodingName: 'telephone-event',
  clockRate: 8000,
  ...(remote ? { remoteAddress: remote.address, remotePort: remote.port } : {}),
});

/** argv: port, payload type, comma-separated event numbers, press ms, pause ms. */
const GST_SENDER = `
import sys, time, gi
gi.require_version('Gst', '1.0')
from gi.repository import Gst
Gst.init(None)
port, pt, events, press, pause = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
pipeline = Gst.parse_launch(
    'rtpdtmfsrc name=src pt=%d ssrc=305419896 packet-redundancy=3 ! application/x-rtp,clock-rate=8000 '
    '! udpsink host=127.0.0.1 port=%d sync=false async=false' % (pt, port))
pad = pipeline.get_by_name('src').get_static_pad('src')
if pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
    sys.exit('pipeline did not start')
pipeline.get_state(Gst.CLOCK_TIME_NONE)
time.sleep(0.2)
def dtmf(start, number=0):
    s = Gst.Structure.new_empty('dtmf-event')
    s.set_value('type', 1)
    s.set_value('method', 1)
    s.set_value('start', start)
    if start:
        s.set_value('number', number)
        s.set_value('volume', 10)
    if not pad.send_event(Gst.Event.new_custom(Gst.EventType.CUSTOM_UPSTREAM, s)):
        sys.exit('rtpdtmfsrc refused the dtmf-event')
for n in events.split(','):
    dtmf(True, int(n))
    time.sleep(press / 1000)
    dtmf(False)
    time.sleep(pause / 1000)
time.sleep(0.3)
pipeline.set_state(Gst.State.NULL)
print('sent', events, flush=True)
`;

const children: ChildProcess[] = [];
const sockets: Socket[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
    }
  }
  for (const s of sockets.splice(0)) {
    s.close();
  }
  await Promise.all(closers.splice(0).map((c) => c()));
});

function run(cmd: string, args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

/** What GStreamer put on the wire for one event, read from the raw bytes (not by our parser). */
interface WireEvent {
  timestamp: number;
  event: number;
  endDuration: number | undefined;
}

function wireEvents(datagrams: readonly Uint8Array[]): WireEvent[] {
  const byTimestamp = new Map<number, WireEvent>();
  for (const d of datagrams) {
    const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
    expect(d.byteLength).toBe(16); // 12-byte header, no CSRC or extension, one 4-byte event report
    expect(view.getUint8(1) & 0x7f).toBe(PT);
    const timestamp = view.getUint32(4);
    const e = byTimestamp.get(timestamp) ?? { timestamp, event: view.getUint8(12), endDuration: undefined };
    if ((view.getUint8(13) & 0x80) !== 0) {
      e.endDuration = view.getUint16(14);
    }
    byTimestamp.set(timestamp, e);
  }
  return [...byTimestamp.values()];
}

/**
 * Receives GStreamer's packets and forwards them to `to`; `impair(i)` says what becomes of the i-th
 * datagram: forwarded once, dropped, or forwarded twice.
 */
async function relay(to: TransportAddress, impair: (i: number) => 'forward' | 'drop' | 'duplicate'): Promise<{ port: number; seen: Uint8Array[]; dropped: () => number; duplicated: () => number }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const seen: Uint8Array[] = [];
  let dropped = 0;
  let duplicated = 0;
  socket.on('message', (bytes) => {
    const what = impair(seen.length);
    seen.push(new Uint8Array(bytes));
    if (what === 'drop') {
      dropped++;
      return;
    }
    socket.send(bytes, to.port, to.address);
    if (what === 'duplicate') {
      duplicated++;
      socket.send(bytes, to.port, to.address);
    }
  });
  return { port: socket.address().port, seen, dropped: () => dropped, duplicated: () => duplicated };
}

async function callFromGstreamer(impair: (i: number) => 'forward' | 'drop' | 'duplicate', events: readonly number[], pressMs: number): Promise<{
  ends: DtmfDigitEnd[];
  starts: string[];
  wire: WireEvent[];
  dropped: number;
  duplicated: number;
}> {
  const mux = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
  closers.push(() => mux.close());
  const r = await relay(mux.localAddress(), impair);
  const relayAddress = { address: '127.0.0.1', port: r.port };
  const ends: DtmfDigitEnd[] = [];
  const starts: string[] = [];
  const call = new RtpCall({
    multiplexer: mux,
    media: [PCMU(relayAddress), TELEPHONE_EVENT()],
    rtcp: { enabled: false },
    dtmf: { onDigitStart: (_c, s) => starts.push(s.digit ?? '?'), onDigitEnd: (_c, e) => ends.push(e) },
  });
  mux.registerCall(relayAddress, call);
  const gst = run(debianPython, ['-c', GST_SENDER, String(r.port), String(PT), events.join(','), String(pressMs), '150']);
  const code = await gst.exited;
  expect(code, gst.out()).toBe(0);
  await until(() => ends.length >= events.length, 5000, `${events.length} digit ends (got ${ends.length})`);
  await call.hangUp();
  return { ends, starts, wire: wireEvents(r.seen), dropped: r.dropped(), duplicated: r.duplicated() };
}

/** GStreamer's event numbers for digits, RFC 4733 §3.2 (0-9, * 10, # 11, A-D 12-15). */
const eventOf = (digit: string): number => DIGITS.indexOf(digit);

describeWithPeers(['gstreamer'], 'DTMF interop with GStreamer (RFC 4733)', () => {
  // rtpdtmfsrc lengthens a press to whole packet intervals (and a minimum of its own), and the
  // python sleep that ends it runs late on a loaded machine: what it sends is at least PRESS_MS less
  // one packet interval and, by a generous margin, at most PRESS_MS + 400 ms.
  const PRESS_MS = 300;
  const within = (ms: number): boolean => ms >= PRESS_MS - 50 && ms <= PRESS_MS + 400;

  it('GStreamer rtpdtmfsrc -> our RtpCall: exactly the digits sent, each with the duration of its end report', async () => {
    const sent = '1#3*0D';
    const { ends, starts, wire, dropped } = await callFromGstreamer(() => 'forward', [...sent].map(eventOf), PRESS_MS);
    expect(dropped).toBe(0);
    expect(wire.map((w) => w.event)).toEqual([...sent].map(eventOf));
    expect(starts.join('')).toBe(sent);
    expect(ends.map((e) => e.digit).join('')).toBe(sent);
    ends.forEach((e, i) => {
      expect(e.reason).toBe('end');
      expect(e.endInferred).toBe(false);
      expect(e.ssrc).toBe(305_419_896);
      expect(e.timestamp).toBe(wire[i]!.timestamp);
      expect(e.duration).toBe(wire[i]!.endDuration);
      expect(e.durationMs).toBe(e.duration / 8);
      expect(within(e.durationMs), `${e.digit}: ${e.durationMs} ms`).toBe(true);
    });
  }, 30_000);

  it('GStreamer -> us through a lossy, duplicating relay: the first packet and some updates and end reports lost, others twice', async () => {
    const sent = '9A*5';
    // Drop the first datagram (the first event's M-bit packet) and every fourth after it, duplicate every
    // fifth: at most one of three consecutive end reports (packet-redundancy=3) is lost.
    const impair = (i: number): 'forward' | 'drop' | 'duplicate' => (i === 0 || i % 4 === 1 ? 'drop' : i % 5 === 0 ? 'duplicate' : 'forward');
    const { ends, wire, dropped, duplicated } = await callFromGstreamer(impair, [...sent].map(eventOf), PRESS_MS);
    expect(dropped).toBeGreaterThan(3);
    expect(duplicated).toBeGreaterThan(3);
    expect(wire.map((w) => w.event)).toEqual([...sent].map(eventOf));
    // Each press once, in order, despite the duplicates; lengths from the surviving end reports.
    expect(ends.map((e) => e.digit).join('')).toBe(sent);
    ends.forEach((e, i) => {
      expect(e.endInferred).toBe(false);
      expect(e.timestamp).toBe(wire[i]!.timestamp);
      expect(e.duration).toBe(wire[i]!.endDuration);
      expect(within(e.durationMs), `${e.digit}: ${e.durationMs} ms`).toBe(true);
    });
  }, 30_000);

  it('our RtpCall.sendDigits -> GStreamer rtpdtmfdepay: it decodes events 0-15 in the order sent', async () => {
    // A free port for udpsrc: bind, read, release (gst-launch cannot report a port it chose).
    const probe = createSocket('udp4');
    probe.bind(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const caps = `application/x-rtp,media=audio,clock-rate=8000,encoding-name=TELEPHONE-EVENT,payload=${PT}`;
    const gst = run('gst-launch-1.0', ['-m', 'udpsrc', `address=127.0.0.1`, `port=${port}`, `caps=${caps}`, '!', 'rtpdtmfdepay', '!', 'fakesink', 'sync=false']);
    await until(() => /rtpdtmfdepay0" \(state-changed\).*new-state=\(GstState\)playing/.test(gst.out()), 10_000, 'GStreamer pipeline playing');

    const mux = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
    closers.push(() => mux.close());
    const remote = { address: '127.0.0.1', port };
    const call = new RtpCall({
      multiplexer: mux,
      media: [PCMU(remote), TELEPHONE_EVENT()],
      rtcp: { enabled: false },
      dtmf: { durationMs: 80, pauseMs: 60, packetIntervalMs: 20 },
    });
    mux.registerCall(remote, call);
    await expect(call.sendDigits(DIGITS.toLowerCase())).resolves.toBe(true);

    const decoded = (): number[] => [...gst.out().matchAll(/dtmf-event, number=\(int\)(\d+), volume=\(int\)(\d+), type=\(int\)1, method=\(int\)1/g)].map((m) => Number(m[1]));
    await until(() => decoded().length >= DIGITS.length, 5000, `${DIGITS.length} dtmf-event messages from GStreamer`);
    expect(decoded()).toEqual([...DIGITS].map(eventOf));
    const volumes = [...gst.out().matchAll(/dtmf-event, number=\(int\)\d+, volume=\(int\)(\d+)/g)].map((m) => Number(m[1]));
    expect(volumes.every((v) => v === 10)).toBe(true); // our default volume, -10 dBm0
    expect(gst.out()).not.toMatch(/ERROR|WARNING/);
    await call.hangUp();
  }, 30_000);
});
