#!/usr/bin/env python3
# Prints how many of a file's pages are in the page cache, dirty (written but
# not yet on the disk) and under writeback, from the kernel's cachestat(2)
# (Linux 6.5+): what a power loss would lose of the file at this moment.
# Usage: page-cache.py FILE  ->  {"cached": n, "dirty": n, "writeback": n}
# Exits 2 when the kernel has no cachestat.
import ctypes
import errno
import json
import os
import sys

SYS_CACHESTAT = 451  # x86_64 and aarch64 alike (the unified syscall table)


class Range(ctypes.Structure):
    _fields_ = [("off", ctypes.c_uint64), ("len", ctypes.c_uint64)]


class Stat(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint64) for n in
                ("cache", "dirty", "writeback", "evicted", "recently_evicted")]


def main() -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(sys.argv[1], os.O_RDONLY)
    whole, stat = Range(0, 0), Stat()
    rc = libc.syscall(SYS_CACHESTAT, fd, ctypes.byref(whole), ctypes.byref(stat), 0)
    os.close(fd)
    if rc != 0:
        err = ctypes.get_errno()
        print(f"cachestat: {os.strerror(err)}", file=sys.stderr)
        return 2 if err == errno.ENOSYS else 1
    print(json.dumps({"cached": stat.cache, "dirty": stat.dirty, "writeback": stat.writeback}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
