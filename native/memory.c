// trimMemory: hand the C heap's free memory back to the system (glibc's malloc_trim).
// Why: glibc keeps what is freed. SQLite's copy of a store snapshot (the whole database: 31 MiB at 200k entries)
// freed when the plan no longer needs it stayed in the process's resident set, where the planner and the --json
// output then grew the JavaScript heap on top of it (V8 maps its own pages; it cannot reuse glibc's free blocks).
// A no-op returning false on a C library without malloc_trim.
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdlib.h> // defines __GLIBC__ where it is glibc: the test below needs a C library header first
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include "sys.h"

napi_value js_trim_memory(napi_env env, napi_callback_info info) {
  bool released = false;
#if defined(__GLIBC__)
  released = malloc_trim(0) != 0;
#endif
  napi_value out;
  if (napi_get_boolean(env, released, &out) != napi_ok) return NULL;
  return out;
}
