"""The sign route's and the confirm route's logic, as docs/backends.md describes them.

Standard library, plus AES from `cryptography` (Debian: python3-cryptography). Everything here
is in memory, for one process; several processes share the token and the sign records in Redis
instead (docs/backends.md says which keys, with which expiry).
"""

import re
import secrets

from provider import Provider, Refused
from sign_codec import SignCodec
from signs import CLOCK_SKEW_MS, MAX_AGE_MS, IssuedSigns, now_ms
from tokens import TokenCache

MASKED_PHONE = re.compile(r"^\d{3}\*{4}\d{4}$", re.ASCII)
PAR = re.compile(r"^[\w-]{1,64}$", re.ASCII)
# A client reports a sign it used moments ago; an older one is no news.
MAX_REPORTED_AGE_MS = 60_000
MAX_SIGN_LENGTH = 1024


class OneTap:
    """The two routes' logic for one app: sign(params, binding) and confirm(sign, binding)."""

    def __init__(self, app_id, aes_key, base_url):
        self.app_id = app_id
        self.codec = SignCodec(aes_key)
        self.provider = Provider(app_id, base_url)
        self.tokens = TokenCache(self.provider)
        self.issued = IssuedSigns()

    def sign(self, params, brought):
        """GET …/sign?appId=…[&reason=token-expired&sign=…]: (a new sign on the cached token, the
        fresh binding it is bound to). `brought`: the binding cookie the request came with."""
        if params.get("reason") == "token-expired" and params.get("sign"):
            self.expiry_report(params["sign"], brought)
        token = self.tokens.get()
        # A fresh id for every sign, never one the request brought: a script on the page can
        # plant a cookie, and a sign bound to an id it chose would confirm from its own client.
        binding = secrets.token_urlsafe(24)
        fields = {"appId": self.app_id, "reqId": self.issued.issue(binding), "timeStamp": str(now_ms()), "token": token}
        return self.codec.seal(fields), binding

    def expiry_report(self, sign, brought):
        """Anyone can send a report: drop the token only for a sign we issued on it that the provider
        refuses, asked within the sign's query budget and the token's 5 s cooldown."""
        fields = self.codec.open(sign) if len(sign) <= MAX_SIGN_LENGTH else None
        entry = fields and fields["appId"] == self.app_id and self.issued.get(fields["reqId"])
        if not entry:
            return  # not a sign of ours: ignored, a new sign as always
        if not entry.bound_to(brought):
            # The page script the binding is for holds the sign, not its cookie: it must not
            # spend the sign's queries, nor make us doubt the token.
            raise Refused(403, "SIGN_BOUND_ELSEWHERE")
        token = fields["token"]
        if entry.confirmed or now_ms() - entry.at > MAX_REPORTED_AGE_MS:
            return
        if not self.tokens.begin_check(token):
            return  # already replaced, being checked, or checked under 5 s ago
        asked = refused = False
        try:
            if self.issued.take_query(fields["reqId"]):
                asked = True
                refused = self.provider.query(sign)["resCode"] == "2"
        except (OSError, ValueError):
            pass  # in doubt, keep the token
        finally:
            self.tokens.end_check(token, asked, refused)

    def confirm(self, sign, brought):
        """The provider's result for a sign this server issued for `brought`, under 2 minutes old,
        confirmed once, at most 3 provider queries over all its confirms and reports."""
        if not isinstance(sign, str) or not 0 < len(sign) <= MAX_SIGN_LENGTH:
            raise Refused(400, "BAD_REQUEST")
        fields = self.codec.open(sign)
        if fields is None or fields["appId"] != self.app_id:
            raise Refused(401, "SIGN_INVALID")
        entry = self.issued.get(fields["reqId"])
        if entry is None:
            raise Refused(401, "SIGN_NOT_ISSUED")
        if not entry.bound_to(brought):
            raise Refused(401, "SIGN_BOUND_ELSEWHERE")  # read off the page by another client
        issued_at = int(fields["timeStamp"]) if re.fullmatch(r"[0-9]{1,16}", fields["timeStamp"]) else 0
        if not (now_ms() - issued_at <= MAX_AGE_MS and issued_at - now_ms() <= CLOCK_SKEW_MS):
            raise Refused(401, "SIGN_EXPIRED")
        # Before asking the provider: a replay, and a sign whose queries are spent, cost nothing.
        if entry.confirmed:
            raise Refused(401, "SIGN_USED")
        if not self.issued.take_query(fields["reqId"]):
            raise Refused(401, "SIGN_USED" if entry.confirmed else "RESULT_UNAVAILABLE")
        try:
            envelope = self.provider.query(sign)
        except TimeoutError:
            raise Refused(502, "TIMEOUT")
        except OSError:
            raise Refused(502, "NETWORK")
        except ValueError:
            raise Refused(502, "BAD_RESPONSE")
        if envelope["resCode"] != "0":
            raise Refused(401, {"1": "MISSING_PARAMS", "2": "TOKEN_EXPIRED"}.get(envelope["resCode"], "RESULT_UNAVAILABLE"))
        result = envelope.get("object") if isinstance(envelope.get("object"), dict) else {}
        phone, par = result.get("phone"), result.get("par")
        if not (envelope.get("success") is True and isinstance(phone, str) and MASKED_PHONE.match(phone)
                and isinstance(par, str) and PAR.match(par)):
            raise Refused(401, "RESULT_MALFORMED")
        if not self.issued.claim(fields["reqId"]):
            raise Refused(401, "SIGN_USED")  # another request confirmed it meanwhile
        return {"phone": phone, "par": par}
