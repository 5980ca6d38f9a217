"""The other side of the hostile tests: a process that writes into the cache while cachesweep deletes from it.

  race.py tree DIR COUNT               COUNT files f0..f<COUNT-1> (4 bytes each) in DIR, all 10 days old, DIR too
  race.py swap-when-changed READY DIR LINK [VICTIM]
                                       when DIR's mtime changes (its deletion began), swap VICTIM (default: DIR) and
                                       the symbolic link LINK with renameat2(RENAME_EXCHANGE): its name then points
                                       outside
  race.py mount-when-changed READY DIR SRC TARGET
                                       when DIR's mtime changes, bind-mount SRC on TARGET (mount(2), MS_BIND)

A watcher writes the file READY (outside the cache) once it has read the starting mtime, and prints one line:
'swapped' / 'mounted', 'too late: <errno name>' when the name was already gone, or 'timeout'.
It polls in a tight loop, so it acts within microseconds of the first unlink.
"""
import ctypes
import errno
import os
import sys
import time

TEN_DAYS = 10 * 86400
LIMIT_S = 120
libc = ctypes.CDLL(None, use_errno=True)


def tree(d, count):
    os.makedirs(d, exist_ok=True)
    old = time.time() - TEN_DAYS
    for i in range(count):
        p = os.path.join(d, 'f%d' % i)
        with open(p, 'wb') as f:
            f.write(b'data')
        os.utime(p, (old, old))
    os.utime(d, (old, old))


def wait_changed(d, ready):
    start = os.lstat(d).st_mtime_ns
    with open(ready, 'w') as f:
        f.write('%d\n' % os.getpid())
    t0 = time.monotonic()
    while True:
        try:
            if os.lstat(d).st_mtime_ns != start:
                return True
        except FileNotFoundError:
            return True
        if time.monotonic() - t0 > LIMIT_S:
            return False


def swap(ready, d, link, victim=None):
    if not wait_changed(d, ready):
        return 'timeout'
    victim = victim or d
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    libc.renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if libc.renameat2(AT_FDCWD, victim.encode(), AT_FDCWD, link.encode(), RENAME_EXCHANGE) != 0:
        return 'too late: ' + errno.errorcode.get(ctypes.get_errno(), '?')
    return 'swapped'


def bind(ready, d, src, target):
    if not wait_changed(d, ready):
        return 'timeout'
    MS_BIND = 4096
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p]
    if libc.mount(src.encode(), target.encode(), None, MS_BIND, None) != 0:
        return 'too late: ' + errno.errorcode.get(ctypes.get_errno(), '?')
    return 'mounted'


def main(argv):
    cmd = argv[1]
    if cmd == 'tree':
        tree(argv[2], int(argv[3]))
        return
    out = swap(*argv[2:6]) if cmd == 'swap-when-changed' else bind(*argv[2:6])
    print(out, flush=True)


if __name__ == '__main__':
    main(sys.argv)
