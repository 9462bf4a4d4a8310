// Runs in Node, Bun or Deno: reads one JSON job on stdin (the path of @voip/srtp's built entry, and
// per case a session's keying material plus packets to protect and to unprotect, all hex), does the
// work with that build, and writes one JSON result on stdout. Spawned by srtp-exchange.test.ts.
import process from 'node:process';

const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const bytes = (h) => {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  }
  return out;
};

function runtime() {
  if (typeof globalThis.Deno !== 'undefined') {
    return `deno ${globalThis.Deno.version.deno}`;
  }
  if (typeof globalThis.Bun !== 'undefined') {
    return `bun ${globalThis.Bun.version}`;
  }
  return `node ${process.versions.node}`;
}

async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) {
    chunks.push(typeof c === 'string' ? new TextEncoder().encode(c) : c);
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  return JSON.parse(new TextDecoder().decode(all));
}

const result = (r) => (r.ok ? { ok: true, packet: hex(r.packet) } : { ok: false, reason: r.reason });

async function main() {
  const job = await readStdin();
  const { SrtpSession } = await import(job.entry);
  const cases = job.cases.map((c) => {
    try {
      const o = c.options;
      const options = {
        ...o,
        masterKey: bytes(o.masterKey),
        masterSalt: bytes(o.masterSalt),
        ...(o.mki !== undefined ? { mki: { value: BigInt(o.mki.value), byteLength: o.mki.byteLength } } : {}),
      };
      const tx = new SrtpSession(options);
      const rx = new SrtpSession(options);
      const out = {
        id: c.id,
        protectedRtp: c.protectRtp.map((p) => hex(tx.protect(bytes(p)))),
        protectedRtcp: c.protectRtcp.map((p) => hex(tx.protectRtcp(bytes(p)))),
        unprotectedRtp: c.unprotectRtp.map((p) => result(rx.unprotect(bytes(p)))),
        unprotectedRtcp: c.unprotectRtcp.map((p) => result(rx.unprotectRtcp(bytes(p)))),
      };
      tx.dispose();
      rx.dispose();
      return out;
    } catch (e) {
      return { id: c.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  });
  process.stdout.write(JSON.stringify({ runtime: runtime(), cases }));
}

main().catch((e) => {
  process.stderr.write(`srtp-worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
