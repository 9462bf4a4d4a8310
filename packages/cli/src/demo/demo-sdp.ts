/**
 * The SDP the demo's endpoints exchange (RFC 4566 §5, RFC 3264): one audio m= line, RTP/SAVP, rtcp-mux
 * (RFC 5761 §5.1.1), the a=crypto lines (RFC 4568 §9) and a=ssrc (RFC 5576 §4.1); and the few fields the
 * other side reads back from that text.
 * @module
 */
import type { TransportAddress } from '@voip/rtp';

/**
 * Writes the demo's SDP body.
 * @param role - `caller` or `callee` (session name and CNAMEs)
 * @param session - the o= session id
 * @param media - where this side receives RTP and RTCP
 * @param pt - the G.711 payload type (0 or 8)
 * @param codec - `PCMU` or `PCMA`
 * @param ssrcs - the SSRCs this side sends with
 * @param crypto - a=crypto values
 * @returns SDP text with CRLF line ends
 */
export function sdp(
  role: string,
  session: number,
  media: TransportAddress,
  pt: number,
  codec: string,
  ssrcs: readonly number[],
  crypto: readonly string[],
  dtmfPayloadType?: number,
): string {
  const ip = media.address.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=- ${session} 1 IN ${ip} ${media.address}`,
    `s=voip demo ${role}`,
    `c=IN ${ip} ${media.address}`,
    't=0 0',
    `m=audio ${media.port} RTP/SAVP ${pt}${dtmfPayloadType === undefined ? '' : ` ${dtmfPayloadType}`}`,
    `a=rtpmap:${pt} ${codec}/8000`,
    // RFC 4733 §7.1.1: telephone-event at the audio's clock, the 16 DTMF events.
    ...(dtmfPayloadType === undefined ? [] : [`a=rtpmap:${dtmfPayloadType} telephone-event/8000`, `a=fmtp:${dtmfPayloadType} 0-15`]),
    'a=rtcp-mux',
    'a=ptime:20',
    ...crypto.map((c) => `a=crypto:${c}`),
    ...ssrcs.map((s, i) => `a=ssrc:${s} cname:${role}-${i + 1}`),
    '',
  ].join('\r\n');
}

/**
 * Reads back the a=crypto values, a=ssrc ids, c= address and m= port of an SDP body.
 * @param text - SDP text
 * @returns the fields the demo needs
 */
export function readSdp(text: string): { crypto: string[]; ssrcs: number[]; address: string; port: number } {
  const lines = text.split(/\r?\n/);
  const crypto = lines.filter((l) => l.startsWith('a=crypto:')).map((l) => l.slice('a=crypto:'.length));
  const ssrcs = lines.filter((l) => l.startsWith('a=ssrc:')).map((l) => Number(/^a=ssrc:(\d+)/.exec(l)?.[1]));
  const c = lines.find((l) => l.startsWith('c=IN '))?.split(' ')[2] ?? '';
  const port = Number(lines.find((l) => l.startsWith('m=audio '))?.split(' ')[1]);
  return { crypto, ssrcs, address: c, port };
}
