// Work split over threads inside one synchronous call, for the scan's listings (dirstats.c, dirbatch.c).
// Why threads: listing a warm cache is system calls (fstatat, getdents, open), one core's worth of kernel time per
// name; a 200k-name directory spent about 430 of its 600 ms in fstatat, while `find` is one core too. Several cores
// each walking a slice of the names make the wall time drop below find's. No libuv async: the caller waits (the scan
// is synchronous), and every thread writes only its own rows, so the result cannot depend on the scheduling.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "listing.h"

struct job {
  atomic_size_t next;
  size_t n, chunk;
  void (*fn)(void *ctx, size_t begin, size_t end);
  void *ctx;
};

// Take chunks until none is left: the calling thread does the same, so a thread that could not be started, or one
// that is slow (its names not in the cache), only leaves more chunks for the others.
static void *work(void *p) {
  struct job *j = p;
  for (;;) {
    size_t b = atomic_fetch_add_explicit(&j->next, j->chunk, memory_order_relaxed);
    if (b >= j->n) return NULL;
    j->fn(j->ctx, b, b + j->chunk < j->n ? b + j->chunk : j->n);
  }
}

void parallel_for(size_t n, size_t chunk, int threads, void (*fn)(void *ctx, size_t begin, size_t end), void *ctx) {
  struct job j = {.n = n, .chunk = chunk ? chunk : 1, .fn = fn, .ctx = ctx};
  atomic_init(&j.next, 0);
  pthread_t tid[MAX_THREADS];
  int started = 0;
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  if (threads > 1) {
    // Workers start with every signal blocked: a SIGINT or the SIGIO of a broken lease (native.ts) must reach Node's
    // own thread, whose handlers expect to run there; ours only make system calls and return.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_t attr;
    int have_attr = pthread_attr_init(&attr) == 0;
    if (have_attr) pthread_attr_setstacksize(&attr, 256 * 1024); // a few frames deep; not the 8 MiB default
    for (int t = 1; t < threads; t++) {
      // a thread that cannot start (EAGAIN under a thread limit) is not an error: the calling thread does its share
      if (pthread_create(&tid[started], have_attr ? &attr : NULL, work, &j) != 0) break;
      started++;
    }
    if (have_attr) pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
  }
  work(&j);
  for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
}

// The CPUs this process may run on (its affinity mask, which a container's cpuset narrows), else the online ones.
// Asked once: a sharded scan makes a thousand batch calls, and the answer does not change under a running scan.
int cpu_count(void) {
  static atomic_int known;
  int n = atomic_load_explicit(&known, memory_order_relaxed);
  if (n > 0) return n;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) n = CPU_COUNT(&set);
  else {
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    n = online > 0 ? (int)online : 1;
  }
  atomic_store_explicit(&known, n, memory_order_relaxed);
  return n;
}

// CPUs no other work wants: a thread only helps on an idle CPU. On a loaded machine (2 CPUs, load average 4 to 5:
// other jobs) a worker that loses its CPU holds the whole call up until it runs again: a sharded scan, a thousand
// batches, took 4.7 s on threads against 3.5 s on one. The 1-minute load average counts this process too (the
// scan keeps one CPU busy), as `make -l` reads it; asked at most once a second.
static int idle_cpus(int cpus) {
  static _Atomic long checked_s = -1;
  static atomic_int idle;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  if (atomic_load_explicit(&checked_s, memory_order_relaxed) == (long)now.tv_sec) return atomic_load_explicit(&idle, memory_order_relaxed);
  double load;
  int n = cpus;
  if (getloadavg(&load, 1) == 1) n = (int)(cpus + 1 - load + 0.5);
  if (n > cpus) n = cpus;
  if (n < 1) n = 1;
  atomic_store_explicit(&idle, n, memory_order_relaxed);
  atomic_store_explicit(&checked_s, (long)now.tv_sec, memory_order_relaxed);
  return n;
}

// Threads for `work` items, each thread given at least `per_thread` of them (a thread's start-up, tens of
// microseconds, must stay small against its share: 1,024 names' fstatat take 2 to 3 ms warm), at most one per idle
// CPU, or `cap` when it is > 0 (tests and benchmarks force 1, or more than this machine has), and never more than
// MAX_THREADS.
int threads_for(size_t work, size_t per_thread, int cap) {
  size_t t = work / (per_thread ? per_thread : 1);
  size_t most = cap > 0 ? (size_t)cap : (size_t)idle_cpus(cpu_count());
  if (t > most) t = most;
  if (t > MAX_THREADS) t = MAX_THREADS;
  return t < 1 ? 1 : (int)t;
}
