/*
 * The schedule bench's machine floor outside Node (bench/paced-sender-schedule.ts builds it with `cc`
 * when it exists): a tiny idle process that sleeps to ABSOLUTE deadlines, start + k x period on
 * CLOCK_MONOTONIC (clock_nanosleep with TIMER_ABSTIME, so lateness never accumulates), for a number
 * of seconds, and measures how late it woke for each one. No allocation, no I/O and nothing else to do
 * while timed: what the operating system and the (virtual) machine let any process reach.
 *
 * argv: period_us seconds [cpu]   (cpu: pin the process to that CPU, sched_setaffinity; one such
 *       program per CPU shows a stall of any one of a virtual machine's CPUs, where a process that is
 *       not pinned may be running)
 * stdout: one JSON line when done: frames, mean, p99, p99.9 and worst lateness in ms, the count over
 *         5 ms, the worst's deadline and the start as CLOCK_MONOTONIC ms (Node's process.hrtime clock
 *         on Linux), the number of stalls (wake-ups late by more than 2 ms for a deadline that had not
 *         passed at the previous wake-up: the first of a stall) and the 64 longest, each
 *         [deadline_ms, late_ms], in no particular order.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_STALLS 64
#define STALL_MS 2.0

static double ms_of(const struct timespec *t) { return (double)t->tv_sec * 1e3 + (double)t->tv_nsec / 1e6; }

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s period_us seconds [cpu]\n", argv[0]);
    return 2;
  }
  long period_us = atol(argv[1]);
  double seconds = atof(argv[2]);
  int cpu = argc == 4 ? atoi(argv[3]) : -1;
  if (period_us <= 0 || !(seconds > 0)) {
    fprintf(stderr, "timer-floor: bad period or seconds\n");
    return 2;
  }
  if (cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
      fprintf(stderr, "timer-floor: cannot pin to CPU %d (errno %d)\n", cpu, errno);
      return 3;
    }
  }
  long n = (long)(seconds * 1e6 / (double)period_us);
  double *late = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
  if (late == NULL) {
    fprintf(stderr, "timer-floor: out of memory\n");
    return 1;
  }
  double stall_at[MAX_STALLS], stall_ms[MAX_STALLS];
  int stalls = 0;
  long stall_count = 0;
  struct timespec start, due, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  double start_ms = ms_of(&start);
  double worst = 0, worst_at = start_ms, prev_wake = start_ms;
  for (long k = 1; k <= n; k++) {
    long long ns = (long long)start.tv_nsec + (long long)k * period_us * 1000LL;
    due.tv_sec = start.tv_sec + (time_t)(ns / 1000000000LL);
    due.tv_nsec = (long)(ns % 1000000000LL);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL) == EINTR) {
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    double d = ms_of(&due);
    double l = ms_of(&now) - d;
    if (l < 0) {
      l = 0;
    }
    late[k - 1] = l;
    if (l > worst) {
      worst = l;
      worst_at = d;
    }
    /* One entry per stall: its first late wake-up (the deadlines passed during it wake at once after). */
    if (l > STALL_MS && prev_wake <= d) {
      /* Keep the MAX_STALLS longest: when full, this one replaces the shortest if longer. */
      int at = stalls;
      if (stalls == MAX_STALLS) {
        at = 0;
        for (int i = 1; i < MAX_STALLS; i++) {
          if (stall_ms[i] < stall_ms[at]) {
            at = i;
          }
        }
        if (stall_ms[at] >= l) {
          at = -1;
        }
      } else {
        stalls++;
      }
      if (at >= 0) {
        stall_at[at] = d;
        stall_ms[at] = l;
      }
      stall_count++;
    }
    prev_wake = ms_of(&now);
  }
  double sum = 0;
  long over5 = 0;
  for (long i = 0; i < n; i++) {
    sum += late[i];
    over5 += late[i] > 5.0;
  }
  qsort(late, (size_t)n, sizeof(double), cmp);
  printf("{\"cpu\":%d,\"periodMs\":%.3f,\"seconds\":%.3f,\"frames\":%ld,\"meanMs\":%.4f,\"p99Ms\":%.4f,\"p999Ms\":%.4f,\"worstMs\":%.4f,"
         "\"over5Ms\":%ld,\"worstAtMonotonicMs\":%.3f,\"startMonotonicMs\":%.3f,\"stallCount\":%ld,\"stalls\":[",
         cpu, (double)period_us / 1e3, seconds, n, n > 0 ? sum / (double)n : 0.0, n > 0 ? late[(long)(n * 0.99)] : 0.0,
         n > 0 ? late[(long)(n * 0.999)] : 0.0, worst, over5, worst_at, start_ms, stall_count);
  for (int i = 0; i < stalls; i++) {
    printf("%s[%.3f,%.3f]", i == 0 ? "" : ",", stall_at[i], stall_ms[i]);
  }
  printf("]}\n");
  free(late);
  return 0;
}
