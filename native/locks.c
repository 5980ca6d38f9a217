// Locks and leases: take and release whole-file locks, see who holds one, and hold a lease on a victim.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <node_api.h>
#include "sys.h"

// Whole-file byte-range locks. Classic POSIX locks (F_SETLK) belong to the process and are what Python's
// fcntl.lockf and oslo.concurrency take; OFD locks belong to the open file description. They conflict with
// each other.
static int lock_cmd(int ofd, int wait) {
  return ofd ? (wait ? F_OFD_SETLKW : F_OFD_SETLK) : (wait ? F_SETLKW : F_SETLK);
}

// lock(fd, exclusive, wait, ofd)
napi_value js_lock(napi_env env, napi_callback_info info) {
  ARGS(4);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = get_bool(env, argv[1], 1) ? F_WRLCK : F_RDLCK;
  fl.l_whence = SEEK_SET;
  if (fcntl(fd, lock_cmd(get_bool(env, argv[3], 1), get_bool(env, argv[2], 0)), &fl) < 0) return throw_errno(env, errno, "fcntl", NULL);
  return undef(env);
}

// unlock(fd, ofd)
napi_value js_unlock(napi_env env, napi_callback_info info) {
  ARGS(2);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_UNLCK;
  fl.l_whence = SEEK_SET;
  if (fcntl(fd, lock_cmd(get_bool(env, argv[1], 1), 0), &fl) < 0) return throw_errno(env, errno, "fcntl", NULL);
  return undef(env);
}

// lockHolder(fd, ofd): the pid of a lock that would block an exclusive lock on the whole file (-1 when that lock
// is an OFD lock, which has no single owner), or null.
napi_value js_lock_holder(napi_env env, napi_callback_info info) {
  ARGS(2);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (fcntl(fd, get_bool(env, argv[1], 1) ? F_OFD_GETLK : F_GETLK, &fl) < 0) return throw_errno(env, errno, "fcntl", NULL);
  if (fl.l_type == F_UNLCK) {
    napi_value n;
    napi_get_null(env, &n);
    return n;
  }
  return num(env, fl.l_pid);
}

// setLease(fd, kind): 0 none, 1 read, 2 write.
napi_value js_set_lease(napi_env env, napi_callback_info info) {
  ARGS(2);
  int fd, kind;
  if (!get_int(env, argv[0], &fd, "fd") || !get_int(env, argv[1], &kind, "kind")) return NULL;
  int type = kind == 2 ? F_WRLCK : kind == 1 ? F_RDLCK : F_UNLCK;
  if (fcntl(fd, F_SETLEASE, type) < 0) return throw_errno(env, errno, "fcntl", NULL);
  return undef(env);
}

napi_value js_get_lease(napi_env env, napi_callback_info info) {
  ARGS(1);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  int type = fcntl(fd, F_GETLEASE);
  if (type < 0) return throw_errno(env, errno, "fcntl", NULL);
  return num(env, type == F_WRLCK ? 2 : type == F_RDLCK ? 1 : 0);
}
