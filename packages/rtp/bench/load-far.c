/*
 * The load run's far side in C (bench/load-far.ts starts it when `cc` exists): the same job as the
 * Node far side with less CPU per packet, so that on a 2-core machine the far side takes as little as
 * possible from the near side it measures. One connected UDP socket per call; sends round r's
 * pre-protected packet (read from a file the Node side wrote) to every call, one round per packet
 * interval; counts what arrives per call by RTP sequence number (no SRTP: nothing is unprotected here).
 *
 * argv: near_port calls rounds packets_per_second datagram_bytes packets_file
 * stdout: "ready <port>..." once the sockets exist; "sent <sent> <unsent> <seconds> <behind_s>" when
 *         the pacing ends; "done <received> <rtcp> <invalid> <cpu_seconds> <errors>" after "stop".
 * stdin:  "start <deadline_seconds>" begins the timed part (the pacing stops at the deadline even
 *         with rounds left); "stop" ends it; a closed stdin ends the program.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int calls, rounds, pps, datagram_bytes;
static int *fds;
static unsigned char *seen; /* calls x (rounds + 1) */
static long received, rtcp, invalid, errors;
static int epfd;
static int stop_requested;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void count(int call, const unsigned char *d, ssize_t n) {
  if (n >= 2 && d[1] >= 192 && d[1] <= 223) {
    rtcp++;
    return;
  }
  int seq = n >= 4 ? (d[2] << 8) | d[3] : 0;
  unsigned char *s = seen + (size_t)call * (rounds + 1);
  if (n != datagram_bytes || (d[0] & 0xc0) != 0x80 || seq < 1 || seq > rounds || s[seq]) {
    invalid++;
    return;
  }
  s[seq] = 1;
  received++;
}

#define BATCH 32
static void drain(int call) {
  static unsigned char buf[BATCH][2048];
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  for (;;) {
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
      iov[i].iov_base = buf[i];
      iov[i].iov_len = sizeof buf[i];
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int n = recvmmsg(fds[call], msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) {
      return;
    }
    for (int i = 0; i < n; i++) {
      count(call, buf[i], msgs[i].msg_len);
    }
    if (n < BATCH) {
      return;
    }
  }
}

static int read_line(char *line, size_t size) {
  ssize_t n = read(0, line, size - 1);
  if (n <= 0) {
    return 0;
  }
  line[n] = 0;
  return 1;
}

/* Waits up to timeout_ms for datagrams (or stdin) and reads them; "stop" (or stdin closed) sets stop_requested. */
static void poll_once(int timeout_ms) {
  struct epoll_event ev[256];
  int n = epoll_wait(epfd, ev, 256, timeout_ms);
  for (int i = 0; i < n; i++) {
    if (ev[i].data.u32 == (unsigned)calls) {
      char line[256];
      if (!read_line(line, sizeof line)) {
        exit(1); /* the Node side went away */
      }
      if (strstr(line, "stop") != NULL) {
        stop_requested = 1;
      }
    } else {
      drain((int)ev[i].data.u32);
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: load-far near_port calls rounds pps datagram_bytes packets_file\n");
    return 2;
  }
  int near_port = atoi(argv[1]);
  calls = atoi(argv[2]);
  rounds = atoi(argv[3]);
  pps = atoi(argv[4]);
  datagram_bytes = atoi(argv[5]);
  unsigned char *packets = malloc((size_t)rounds * datagram_bytes);
  FILE *f = fopen(argv[6], "rb");
  if (f == NULL || packets == NULL || fread(packets, datagram_bytes, rounds, f) != (size_t)rounds) {
    fprintf(stderr, "load-far: cannot read %d packets of %d bytes from %s\n", rounds, datagram_bytes, argv[6]);
    return 1;
  }
  fclose(f);
  fds = calloc(calls, sizeof *fds);
  seen = calloc((size_t)calls * (rounds + 1), 1);
  epfd = epoll_create1(0);
  struct sockaddr_in near = { .sin_family = AF_INET, .sin_port = htons(near_port) };
  inet_pton(AF_INET, "127.0.0.1", &near.sin_addr);
  printf("ready");
  for (int i = 0; i < calls; i++) {
    struct sockaddr_in local = { .sin_family = AF_INET };
    inet_pton(AF_INET, "127.0.0.1", &local.sin_addr);
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    int size = 1 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof local) != 0 || connect(fd, (struct sockaddr *)&near, sizeof near) != 0) {
      fprintf(stderr, "load-far: socket %d: %s\n", i, strerror(errno));
      return 1;
    }
    socklen_t len = sizeof local;
    getsockname(fd, (struct sockaddr *)&local, &len);
    printf(" %d", ntohs(local.sin_port));
    fds[i] = fd;
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (unsigned)i };
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
  }
  printf("\n");
  fflush(stdout);
  char line[256];
  if (!read_line(line, sizeof line) || strncmp(line, "start", 5) != 0) {
    return 1;
  }
  double deadline = atof(line + 5);
  struct epoll_event in = { .events = EPOLLIN, .data.u32 = (unsigned)calls };
  epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &in);
  double cpu0 = cpu_seconds();
  double t0 = now();
  long sent = 0;
  int round = 0;
  while (round < rounds && now() - t0 < deadline && !stop_requested) {
    int due = (int)((now() - t0) * pps) + 1;
    if (round >= due) {
      double next = t0 + (double)round / pps;
      int ms = (int)((next - now()) * 1000);
      poll_once(ms > 0 ? ms : 0);
      continue;
    }
    const unsigned char *p = packets + (size_t)round * datagram_bytes;
    for (int i = 0; i < calls; i++) {
      if (send(fds[i], p, datagram_bytes, MSG_DONTWAIT) == datagram_bytes) {
        sent++;
      } else {
        errors++;
      }
      if (i % 64 == 63) {
        poll_once(0);
      }
    }
    round++;
  }
  double seconds = now() - t0;
  printf("sent %ld %ld %.6f %.6f\n", sent, (long)(rounds - round) * calls, seconds, (double)(rounds - round) / pps);
  fflush(stdout);
  while (!stop_requested) {
    poll_once(50);
  }
  printf("done %ld %ld %ld %.6f %ld\n", received, rtcp, invalid, cpu_seconds() - cpu0, errors);
  fflush(stdout);
  return 0;
}
