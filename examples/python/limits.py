"""Per-IP limits on the sign, report and confirm routes: a token bucket per client address.

Each route's bucket holds `per_minute` requests and refills evenly over a minute, so a client may
burst up to the limit and then goes on at the limit's pace. In memory for one process; several
share a limiter in Redis (docs/server.md, "A budget for your public routes").
"""

import math
import os
import sys
import threading
import time

# More client addresses than this, and the buckets that are full again are forgotten.
MAX_CLIENTS = 10_000


def per_minute(name, default):
    """A limit from the environment: a positive whole number of requests per minute."""
    raw = os.environ.get(name, str(default))
    if not (raw.isascii() and raw.isdigit() and int(raw) > 0):
        sys.exit("%s must be a whole number of requests per minute, over 0 (got %r)" % (name, raw))
    return int(raw)


class RateLimit:
    def __init__(self, per_minute):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.lock = threading.Lock()
        self.buckets = {}  # client address -> (requests left, when counted)

    def take(self, client):
        """0 when the request may go on; else the whole seconds until it may (Retry-After)."""
        now = time.monotonic()
        with self.lock:
            left, at = self.buckets.get(client, (self.capacity, now))
            left = min(self.capacity, left + (now - at) * self.rate)
            if left >= 1:
                self.buckets[client] = (left - 1, now)
                if len(self.buckets) > MAX_CLIENTS:
                    self.forget_full(now)
                return 0
            self.buckets[client] = (left, now)
            return max(1, math.ceil((1 - left) / self.rate))

    def forget_full(self, now):
        full = [client for client, (left, at) in self.buckets.items()
                if left + (now - at) * self.rate >= self.capacity]
        for client in full:
            del self.buckets[client]
