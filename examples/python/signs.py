"""The signs this server issued, until they are too old to confirm: each one's reqId, the binding
it was issued for, whether it was confirmed, and the provider queries it has cost.

In memory for one process; several share these records in Redis (docs/backends.md).
"""

import hmac
import secrets
import threading
import time

# A sign older than this is refused by confirm; an issued reqId is remembered this long.
MAX_AGE_MS = 120_000
# Another server's clock may run this far ahead of ours.
CLOCK_SKEW_MS = 60_000
# Provider queries one sign may cost over all its confirms and reports: a confirm that finds the
# carrier not resolved yet may be retried, and a sign that never resolves costs no more.
MAX_QUERIES_PER_SIGN = 3


def now_ms():
    return int(time.time() * 1000)


class Issued:
    __slots__ = ("at", "binding", "confirmed", "queries")

    def __init__(self, at, binding):
        self.at = at
        self.binding = binding
        self.confirmed = False
        self.queries = 0

    def bound_to(self, binding):
        """Whether `binding` (the cookie a request brought, or None) is the one this sign was issued for."""
        return binding is not None and hmac.compare_digest(self.binding.encode(), binding.encode())


class IssuedSigns:
    def __init__(self):
        self.lock = threading.Lock()
        self.entries = {}  # reqId -> Issued; insertion order is time order

    def issue(self, binding):
        """A new reqId (30 random digits, about 100 bits) for a sign bound to `binding`."""
        req_id = "".join(secrets.choice("0123456789") for _ in range(30))
        with self.lock:
            horizon = now_ms() - MAX_AGE_MS - CLOCK_SKEW_MS
            while self.entries:
                oldest = next(iter(self.entries))
                if self.entries[oldest].at >= horizon:
                    break
                del self.entries[oldest]
            self.entries[req_id] = Issued(now_ms(), binding)
        return req_id

    def get(self, req_id):
        """The record, or None for a reqId never issued (or forgotten as too old)."""
        with self.lock:
            return self.entries.get(req_id)

    def take_query(self, req_id):
        """Takes one of the sign's provider queries; False once all are spent (or it was confirmed)."""
        with self.lock:
            entry = self.entries.get(req_id)
            if entry is None or entry.confirmed or entry.queries >= MAX_QUERIES_PER_SIGN:
                return False
            entry.queries += 1
            return True

    def claim(self, req_id):
        """Marks the sign confirmed; False if it already was (atomic under the lock)."""
        with self.lock:
            entry = self.entries.get(req_id)
            if entry is None or entry.confirmed:
                return False
            entry.confirmed = True
            return True
