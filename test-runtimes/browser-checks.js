// Loaded into a headless Chromium page after a package's browser bundle (browser.test.ts): each check
// takes the bundle's exports, exercises the codec in the page and returns plain JSON (bytes as hex),
// which the test then checks against the same build running in Node.
(() => {
  const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const bytes = (h) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
  const errorOf = (f) => {
    try {
      f();
      return 'no error';
    } catch (e) {
      return `${e.name}:${e.code ?? ''}`;
    }
  };

  /** RTP and RTCP serialize / parse round trips (RFC 3550 §5.1, §6.4), plus a truncated twin of each. */
  const rtp = (lib) => {
    const payload = Uint8Array.from({ length: 160 }, (_, i) => i);
    const init = {
      payloadType: lib.RtpPayloadType.PCMU,
      sequenceNumber: 65535,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      marker: true,
      csrcs: [1, 2],
      extension: lib.setHeaderExtensionElement(undefined, 1, Uint8Array.of(0x80 | 30)),
      payload,
    };
    const datagram = lib.serializeRtpPacket(init);
    const p = lib.parseRtpPacket(datagram);
    const rtcp = lib.serializeRtcpCompound([
      {
        type: 'SR',
        ssrc: 0xdeadbeef,
        ntpTimestamp: 0xe8f1a2b3c4d5e6f7n,
        rtpTimestamp: 123456,
        packetCount: 50,
        octetCount: 8000,
        reports: [
          { ssrc: 0x01020304, fractionLost: 25, cumulativeLost: 3, highestSequence: 70000, jitter: 12, lastSenderReport: 0xa2b3c4d5, delaySinceLastSenderReport: 65536 },
        ],
      },
      { type: 'SDES', chunks: [{ ssrc: 0xdeadbeef, items: [{ type: lib.RtcpSdesItemType.CNAME, text: 'browser@example.org' }] }] },
      { type: 'BYE', ssrcs: [0xdeadbeef], reason: 'done' },
    ]);
    const parsed = lib.parseRtcpCompound(rtcp);
    const sr = parsed[0];
    return {
      rtp: hex(datagram),
      rtpIsRtcp: lib.isRtcpPacket(datagram),
      parsedRtp: {
        payloadType: p.payloadType,
        sequenceNumber: p.sequenceNumber,
        timestamp: p.timestamp,
        ssrc: p.ssrc,
        marker: p.marker,
        csrcs: [...p.csrcs],
        audioLevel: hex(lib.getHeaderExtensionElement(p.extension, 1) ?? new Uint8Array(0)),
        payload: hex(p.payload),
      },
      rtpReserialized: hex(lib.serializeRtpPacket(p)),
      rtpTruncated: errorOf(() => lib.parseRtpPacket(datagram.subarray(0, 11))),
      rtcp: hex(rtcp),
      rtcpIsRtcp: lib.isRtcpPacket(rtcp),
      rtcpTypes: parsed.map((x) => x.type),
      sr: { ssrc: sr.ssrc, ntp: sr.ntpTimestamp.toString(16), packetCount: sr.packetCount, reportSsrc: sr.reports[0].ssrc, highest: sr.reports[0].highestSequence },
      sdes: parsed[1].chunks[0].items[0].text,
      bye: parsed[2].reason,
      rtcpReserialized: hex(lib.serializeRtcpCompound(parsed)),
      rtcpTruncated: errorOf(() => lib.parseRtcpCompound(rtcp.subarray(0, rtcp.length - 2))),
    };
  };

  /** A STUN Binding request with MESSAGE-INTEGRITY and FINGERPRINT (RFC 8489 §14.5, §14.7). */
  const stun = (lib, password, transactionIdHex) => {
    const key = lib.shortTermKey(password);
    const transactionId = bytes(transactionIdHex);
    const wire = lib.serializeStunMessage(
      {
        type: lib.StunMessageType.BindingRequest,
        transactionId,
        attributes: [lib.textAttribute(lib.StunAttributeType.Username, 'bob:alice'), lib.priorityAttribute(0x6e7f00ff)],
      },
      { integrity: key, fingerprint: true },
    );
    const msg = lib.parseStunMessage(wire);
    const longTerm = lib.longTermKey('user', 'realm', password);
    const sha256Wire = lib.serializeStunMessage(
      { type: lib.StunMessageType.BindingRequest, transactionId, attributes: [] },
      { integritySha256: longTerm, fingerprint: true },
    );
    const flipped = Uint8Array.from(wire);
    flipped[25] ^= 1; // inside USERNAME
    const bad = lib.parseStunMessage(flipped);
    return {
      wire: hex(wire),
      isStun: lib.isStunMessage(wire),
      type: msg.type,
      transactionId: hex(msg.transactionId),
      username: lib.getTextAttribute(msg, lib.StunAttributeType.Username),
      integrity: lib.verifyMessageIntegrity(msg, key),
      integrityWrongKey: lib.verifyMessageIntegrity(msg, lib.shortTermKey(`${password}x`)),
      fingerprint: lib.verifyFingerprint(msg),
      flippedIntegrity: lib.verifyMessageIntegrity(bad, key),
      flippedFingerprint: lib.verifyFingerprint(bad),
      truncated: errorOf(() => lib.parseStunMessage(wire.subarray(0, 19))),
      // RFC 5389 §15.4 long-term key (MD5) and RFC 8489 §14.6 MESSAGE-INTEGRITY-SHA256, both computed
      // by the codec's own JavaScript digests (no node:crypto in the main entry).
      longTermKey: hex(longTerm.bytes),
      sha256Wire: hex(sha256Wire),
      sha256Integrity: lib.verifyMessageIntegritySha256(lib.parseStunMessage(sha256Wire), longTerm),
    };
  };

  /** An SDES offer/answer (RFC 4568 §7): offer two suites, answer one, accept the answer. */
  const sdpCrypto = (lib) => {
    const offer = lib.createCryptoOffer({ suites: ['AEAD_AES_256_GCM', 'AES_CM_128_HMAC_SHA1_80'] });
    const answer = lib.selectCryptoAnswer(offer.lines.map((l) => `a=crypto:${l}`));
    if (!answer.ok) {
      return { error: answer.rejections.map((r) => r.code).join(',') };
    }
    const accepted = lib.acceptCryptoAnswer(offer, `a=crypto:${answer.line}`);
    if (!accepted.ok) {
      return { error: `${accepted.error.code}` };
    }
    const km = (k) => ({ suite: k.suite, masterKey: hex(k.masterKey), masterSalt: hex(k.masterSalt) });
    return {
      offerLines: [...offer.lines],
      answerLine: answer.line,
      answerLocal: km(answer.local),
      answerRemote: km(answer.remote),
      acceptedLocal: km(accepted.local),
      acceptedRemote: km(accepted.remote),
      badBase64: errorOf(() => lib.parseCryptoAttribute('1 AES_CM_128_HMAC_SHA1_80 inline:!!!!')),
      wrongTag: lib.acceptCryptoAnswer(offer, answer.line.replace(/^1 /, '9 ')).ok,
    };
  };

  globalThis.voipBrowserChecks = { rtp, stun, sdpCrypto };
})();
