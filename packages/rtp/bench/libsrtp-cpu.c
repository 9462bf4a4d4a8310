/*
 * CPU per packet of libsrtp 2 (Debian libsrtp2-dev) for the load bench's SRTP row: protect, then
 * unprotect in a second session, of N 172-byte RTP packets (AES_CM_128_HMAC_SHA1_80, sequential
 * sequence numbers, replay window on). Compiled by srtp-cpu.ts: cc libsrtp-cpu.c -lsrtp2.
 *
 * argv[1]: packets; stdout: "<nanoseconds of process CPU per packet protected + unprotected>".
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static srtp_t session(unsigned char *key, srtp_ssrc_type_t type) {
  srtp_policy_t policy;
  memset(&policy, 0, sizeof policy);
  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
  policy.ssrc.type = type;
  policy.ssrc.value = 0x11223344;
  policy.key = key;
  policy.window_size = 128;
  srtp_t s = NULL;
  if (srtp_create(&s, &policy) != srtp_err_status_ok) {
    fprintf(stderr, "srtp_create failed\n");
    exit(2);
  }
  return s;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  unsigned char key[30];
  for (int i = 0; i < 30; i++) key[i] = (unsigned char)(i * 7 + 1);
  if (srtp_init() != srtp_err_status_ok) return 2;
  srtp_t tx = session(key, ssrc_specific);
  srtp_t rx = session(key, ssrc_any_inbound);
  unsigned char buf[256];
  double t0 = cpu_ns();
  for (long i = 0; i < n; i++) {
    memset(buf, 0x5a, 172);
    buf[0] = 0x80;
    buf[1] = 0;
    buf[2] = (unsigned char)((i >> 8) & 0xff);
    buf[3] = (unsigned char)(i & 0xff);
    buf[4] = (unsigned char)((i * 160) >> 24);
    buf[5] = (unsigned char)((i * 160) >> 16);
    buf[6] = (unsigned char)((i * 160) >> 8);
    buf[7] = (unsigned char)(i * 160);
    buf[8] = 0x11; buf[9] = 0x22; buf[10] = 0x33; buf[11] = 0x44;
    int len = 172;
    if (srtp_protect(tx, buf, &len) != srtp_err_status_ok || len != 182) return 3;
    if (srtp_unprotect(rx, buf, &len) != srtp_err_status_ok || len != 172) return 4;
  }
  double t1 = cpu_ns();
  printf("%.1f\n", (t1 - t0) / (double)n);
  srtp_dealloc(tx);
  srtp_dealloc(rx);
  return 0;
}
