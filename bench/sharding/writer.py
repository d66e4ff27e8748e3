#!/usr/bin/env python3
"""writer.py URL_BASE S3_PREFIX RATE LOG STOP - writes RATE small objects a second until the file
STOP exists: PUT URL_BASE/w-NNNNNN through Swift's internal proxy, and after each 201 appends
"<S3_PREFIX>w-NNNNNN <epoch ms>" (tab-separated) to LOG, the time the write was acknowledged.
A PUT that fails is retried (the same name) and logged only once acknowledged. Prints how many
objects it wrote and how far its pace fell behind RATE.
"""
import os
import sys
import time
import urllib.error
import urllib.request


def put(url, body):
    for attempt in range(5):
        try:
            # urllib's default Content-Type for a body is application/x-www-form-urlencoded, which
            # S3Proxy (Jetty) reads as a form: its signature check then fails for every such object
            req = urllib.request.Request(url, data=body, method="PUT",
                                         headers={"Content-Type": "application/octet-stream"})
            with urllib.request.urlopen(req, timeout=30) as r:
                if r.status // 100 == 2:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2 * (attempt + 1))
    return False


def main():
    base, s3_prefix, rate, log, stop = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
    start = time.time()
    n = late = 0
    with open(log, "a", buffering=1) as out:
        while not os.path.exists(stop):
            due = start + n / rate
            now = time.time()
            if due > now:
                time.sleep(due - now)
            elif now - due > 1:
                late += 1
            name = "w-%06d" % n
            if put("%s/%s" % (base, name), ("write %d at %f" % (n, time.time())).encode()):
                out.write("%s%s\t%d\n" % (s3_prefix, name, int(time.time() * 1000)))
            n += 1
    print("writer: %d objects in %.0f s (%d started over 1 s late)" % (n, time.time() - start, late))


if __name__ == "__main__":
    main()
