/**
 * RFC 3550 Appendix A.1, A.3 and A.8 transliterated line by line from the RFC's C code (integer
 * arithmetic, u_int16 / u_int32 wrap-around emulated), used only to cross-check RtpReceiverStatistics.
 * One deliberate change: `seq == s->max_seq + 1` is compared modulo 2^16 (the C code's int promotion
 * misses 65535 → 0 during probation).
 */
const RTP_SEQ_MOD = 1 << 16;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const MIN_SEQUENTIAL = 2;

export class ReferenceSource {
  max_seq = 0;
  cycles = 0;
  base_seq = 0;
  bad_seq = 0;
  probation = 0;
  received = 0;
  expected_prior = 0;
  received_prior = 0;
  transit = 0;
  jitter = 0; // A.8 integer form: scaled by 16
  private started = false;

  private init_seq(seq: number): void {
    this.base_seq = seq;
    this.max_seq = seq;
    this.bad_seq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.received_prior = 0;
    this.expected_prior = 0;
  }

  /** A.1 update_seq, with the first-packet initialisation the RFC describes in the text. */
  update_seq(seq: number): boolean {
    if (!this.started) {
      this.started = true;
      this.init_seq(seq);
      this.max_seq = (seq - 1) & 0xffff;
      this.probation = MIN_SEQUENTIAL;
    }
    const udelta = (seq - this.max_seq) & 0xffff;
    if (this.probation) {
      if (seq === ((this.max_seq + 1) & 0xffff)) {
        this.probation--;
        this.max_seq = seq;
        if (this.probation === 0) {
          this.init_seq(seq);
          this.received++;
          return true;
        }
      } else {
        this.probation = MIN_SEQUENTIAL - 1;
        this.max_seq = seq;
      }
      return false;
    } else if (udelta < MAX_DROPOUT) {
      if (seq < this.max_seq) {
        this.cycles += RTP_SEQ_MOD;
      }
      this.max_seq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      if (seq === this.bad_seq) {
        this.init_seq(seq);
      } else {
        this.bad_seq = (seq + 1) & (RTP_SEQ_MOD - 1);
        return false;
      }
    }
    this.received++;
    return true;
  }

  /** A.8, integer form: `arrival` in timestamp units; the first packet only primes `transit`. */
  update_jitter(arrival: number, timestamp: number, first: boolean): void {
    const transit = (arrival - timestamp) | 0;
    if (!first) {
      let d = (transit - this.transit) | 0;
      if (d < 0) {
        d = -d;
      }
      this.jitter += d - ((this.jitter + 8) >> 4);
    }
    this.transit = transit;
  }

  /** A.3: cumulative lost (clamped to 24 bits signed) and fraction lost since the last call. */
  report(): { extendedMax: number; lost: number; fraction: number; jitter: number } {
    const extended_max = this.cycles + this.max_seq;
    const expected = this.probation ? 0 : extended_max - this.base_seq + 1;
    let lost = expected - this.received;
    lost = Math.max(-0x800000, Math.min(0x7fffff, lost));
    const expected_interval = expected - this.expected_prior;
    this.expected_prior = expected;
    const received_interval = this.received - this.received_prior;
    this.received_prior = this.received;
    const lost_interval = expected_interval - received_interval;
    const fraction = expected_interval === 0 || lost_interval <= 0 ? 0 : Math.floor((lost_interval << 8) / expected_interval);
    return { extendedMax: extended_max, lost, fraction, jitter: this.jitter >> 4 };
  }
}
