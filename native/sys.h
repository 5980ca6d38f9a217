// Shared by the addon's C files: Node-style errors and argument reading (defined in sys.c).
#ifndef CACHESWEEP_SYS_H
#define CACHESWEEP_SYS_H
#include <node_api.h>
#include <stddef.h>

napi_value throw_errno(napi_env env, int e, const char *syscall, const char *path);
int get_name(napi_env env, napi_value v, char *buf, size_t cap, const char *what);
int get_bool(napi_env env, napi_value v, int dflt);
double ms_of(long long sec, long nsec);

napi_value js_read_dir_stats(napi_env env, napi_callback_info info);

#endif
