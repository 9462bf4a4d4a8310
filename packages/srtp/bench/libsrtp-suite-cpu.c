/*
 * CPU time per SRTP packet of a libsrtp 2 build, for bench/libsrtp-openssl.mjs: the same measurement
 * bench/cpu-ab.mjs makes of @voip/srtp (warm-up, then process CPU time over the timed packets; for
 * unprotect, rings of 1024 packets protected untimed and then unprotected timed, replay window on).
 * The compile step picks the libsrtp build (Debian's libsrtp2-dev, or one under a prefix, e.g. one
 * configured with --enable-openssl): cc -O2 [-I<prefix>/include] libsrtp-suite-cpu.c [-L..] -lsrtp2.
 *
 * argv: <suite AES_CM_128_HMAC_SHA1_80|AEAD_AES_128_GCM> <packet bytes> <protect|unprotect>
 *       <warm-up packets> <timed packets>
 * stdout: "<nanoseconds of process CPU per packet>"; exit 2 on a usage error, 3/4 on an SRTP error.
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING 1024
#define MAXPKT 2048

static double cpu_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* Key and salt filled as cpu-ab.mjs fills ours: key bytes 1, salt bytes 2. */
static srtp_t open_session(int gcm, srtp_ssrc_type_t type) {
  static unsigned char key[2][30];
  srtp_policy_t p;
  memset(&p, 0, sizeof p);
  if (gcm) {
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtcp);
  } else {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p.rtcp);
  }
  int salt = gcm ? 12 : 14;
  unsigned char *k = key[type == ssrc_specific ? 0 : 1];
  memset(k, 1, 16);
  memset(k + 16, 2, salt);
  p.ssrc.type = type;
  p.ssrc.value = 7;
  p.key = k;
  p.window_size = 128;
  srtp_t s = NULL;
  if (srtp_create(&s, &p) != srtp_err_status_ok) {
    fprintf(stderr, "srtp_create failed\n");
    exit(3);
  }
  return s;
}

/* The RTP packet cpu-ab.mjs sends (payload bytes i & 0xff, V=2, SSRC 7) with the next sequence
 * number. srtp_protect works in place, so each packet starts as a copy of the plaintext (ours also
 * copies the plaintext once per packet, into its output). */
static unsigned char plain[MAXPKT];
static void next_rtp(unsigned char *b, int size, unsigned *seq) {
  memcpy(b, plain, (size_t)size);
  b[2] = (unsigned char)(*seq >> 8);
  b[3] = (unsigned char)*seq;
  *seq = (*seq + 1) & 0xffff;
}

static unsigned char ring[RING][MAXPKT + SRTP_MAX_TRAILER_LEN];
static int ring_len[RING];

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s suite size protect|unprotect warm n\n", argv[0]);
    return 2;
  }
  int gcm = !strcmp(argv[1], "AEAD_AES_128_GCM");
  if (!gcm && strcmp(argv[1], "AES_CM_128_HMAC_SHA1_80")) return 2;
  int size = atoi(argv[2]);
  int unprotect = !strcmp(argv[3], "unprotect");
  long warm = atol(argv[4]), n = atol(argv[5]);
  if (size < 12 || size > MAXPKT || warm < 0 || n <= 0) return 2;
  n = (n + RING - 1) / RING * RING;
  for (int i = 0; i < size; i++) plain[i] = (unsigned char)i;
  memset(plain, 0, 12);
  plain[0] = 0x80;
  plain[11] = 7;
  if (srtp_init() != srtp_err_status_ok) return 3;
  srtp_t tx = open_session(gcm, ssrc_specific);
  srtp_t rx = open_session(gcm, ssrc_any_inbound);
  unsigned seq = 0;
  double spent = 0;
  for (int pass = 0; pass < 2; pass++) {
    long count = pass == 0 ? warm : n;
    spent = 0;
    for (long done = 0; done < count; done += RING) {
      if (!unprotect) {
        /* Protect: a fresh plaintext each packet (srtp_protect works in place), all of it timed. */
        double t0 = cpu_ns();
        for (int i = 0; i < RING; i++) {
          int len = size;
          next_rtp(ring[0], size, &seq);
          if (srtp_protect(tx, ring[0], &len) != srtp_err_status_ok) return 3;
        }
        spent += cpu_ns() - t0;
        continue;
      }
      for (int i = 0; i < RING; i++) {
        ring_len[i] = size;
        next_rtp(ring[i], size, &seq);
        if (srtp_protect(tx, ring[i], &ring_len[i]) != srtp_err_status_ok) return 3;
      }
      double t0 = cpu_ns();
      for (int i = 0; i < RING; i++) {
        if (srtp_unprotect(rx, ring[i], &ring_len[i]) != srtp_err_status_ok || ring_len[i] != size) return 4;
      }
      spent += cpu_ns() - t0;
    }
  }
  printf("%.1f\n", spent / (double)n);
  srtp_dealloc(tx);
  srtp_dealloc(rx);
  return 0;
}
