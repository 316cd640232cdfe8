"""The provider's token: one fetch at a time, cached 29 minutes, a refusal remembered 2 seconds,
and the token-expired reports' checks of it, one per token every 5 seconds at most.

In memory for one process; several share the token in Redis (docs/backends.md, "The token").
"""

import threading
import time

from provider import Refused

# A token lives 30 minutes at the provider; we stop using it a minute early.
TOKEN_TTL_S = 29 * 60
# While the provider refuses tokens (IP not whitelisted, app disabled), every caller in this
# window gets the same refusal at once: anonymous clients must not drive the provider's token
# endpoint at their own rate, which is how a partner's IP gets blocked by the provider.
FAILURE_MEMORY_S = 2
# Token-expired reports may ask the provider about the cached token at most this often.
REPORT_COOLDOWN_S = 5


class TokenCache:
    def __init__(self, provider):
        self.provider = provider
        self.lock = threading.Lock()
        self.value = None
        self.expires_at = 0.0
        self.failure = None  # (Refused, until)
        self.checking = False
        self.checked_at = None  # when a report last asked the provider about self.value

    def get(self):
        """The cached token, or one fetched now; Refused (with Retry-After) when there is none."""
        with self.lock:  # the others wait for the one fetch, then share its token or its refusal
            now = time.monotonic()
            if self.value is not None and now < self.expires_at:
                return self.value
            if self.failure is not None and now < self.failure[1]:
                refused = self.failure[0]
                raise Refused(refused.status, refused.code, max(1, round(self.failure[1] - now)))
            try:
                self.value = self.provider.token()
            except Refused as refused:
                self.value = None
                self.failure = (refused, time.monotonic() + FAILURE_MEMORY_S)
                raise Refused(refused.status, refused.code, FAILURE_MEMORY_S)
            self.failure = None
            self.expires_at = time.monotonic() + TOKEN_TTL_S
            self.checked_at = None
            return self.value

    def begin_check(self, token):
        """Whether a report may ask the provider about `token` now: it is the cached one, no
        other check of it runs, and none was made in the last 5 s. True must be followed by end_check."""
        with self.lock:
            now = time.monotonic()
            if token != self.value or self.checking:
                return False
            if self.checked_at is not None and now - self.checked_at < REPORT_COOLDOWN_S:
                return False
            self.checking = True
            return True

    def end_check(self, token, asked, refused):
        """`asked`: the provider was queried (starts the cooldown); `refused`: it answered resCode 2."""
        with self.lock:
            self.checking = False
            if asked and token == self.value:
                self.checked_at = time.monotonic()
            if refused and token == self.value:  # compare-and-delete: a newer token stays
                self.value = None
