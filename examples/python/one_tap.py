"""The sign route's and the confirm route's logic, as docs/backends.md describes them.

Standard library, plus AES from `cryptography` (Debian: python3-cryptography). Everything here
is in memory, for one process; several processes share the token and the issued/confirmed
reqIds in Redis instead (docs/backends.md says which keys, with which expiry).
"""

import base64
import binascii
import json
import re
import secrets
import threading
import time
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

# A token lives 30 minutes at the provider; we stop using it a minute early.
TOKEN_TTL_S = 29 * 60
# A sign older than this is refused by confirm; an issued reqId is remembered this long.
MAX_AGE_MS = 120_000
# Another server's clock may run this far ahead of ours.
CLOCK_SKEW_MS = 60_000
PROVIDER_TIMEOUT_S = 5

# Gson (the provider's Java JSON library) escapes these; the sign's JSON must be byte-identical.
GSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "=": "\\u003d", "'": "\\u0027",
                "\u2028": "\\u2028", "\u2029": "\\u2029"}
MASKED_PHONE = re.compile(r"^\d{3}\*{4}\d{4}$")
PAR = re.compile(r"^[\w-]{1,64}$", re.ASCII)
SIGN_FIELDS = ["appId", "reqId", "timeStamp", "token"]


def now_ms():
    return int(time.time() * 1000)


class Refused(Exception):
    """A request the route refuses: an HTTP status and a fixed code, never internal detail."""

    def __init__(self, status, code):
        super().__init__(code)
        self.status = status
        self.code = code


def sign_plaintext(fields):
    """Compact JSON, keys in ASCII order, Gson's escapes: what the provider's Java code writes."""
    text = json.dumps(fields, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return "".join(GSON_ESCAPES.get(c, c) for c in text)


class SignCodec:
    """AES-128-ECB with PKCS#7 padding under the app's 16-byte key, and standard Base64."""

    def __init__(self, aes_key):
        self.key = aes_key.encode("utf-8")
        if len(self.key) != 16:
            raise ValueError("ONE_TAP_AES_KEY must be 16 bytes in UTF-8")

    def seal(self, fields):
        padder = padding.PKCS7(128).padder()
        data = padder.update(sign_plaintext(fields).encode("utf-8")) + padder.finalize()
        encryptor = Cipher(algorithms.AES(self.key), modes.ECB()).encryptor()
        return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode("ascii")

    def open(self, sign):
        """The four fields, or None when the sign is not one sealed with this key."""
        try:
            data = base64.b64decode(sign, validate=True)
            decryptor = Cipher(algorithms.AES(self.key), modes.ECB()).decryptor()
            padded = decryptor.update(data) + decryptor.finalize()
            unpadder = padding.PKCS7(128).unpadder()
            fields = json.loads((unpadder.update(padded) + unpadder.finalize()).decode("utf-8"))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        if not isinstance(fields, dict) or sorted(fields) != SIGN_FIELDS:
            return None
        if not all(isinstance(value, str) for value in fields.values()):
            return None
        return fields


def parse_envelope(body):
    """The provider's answer {resCode, success, message, object}; JSONP's callback(...) removed."""
    text = body.strip()
    if not text.startswith("{"):
        text = text[text.index("(") + 1:text.rindex(")")]
    envelope = json.loads(text)
    envelope["resCode"] = str(envelope.get("resCode"))
    if isinstance(envelope.get("object"), str):  # the document types it as a JSON string
        envelope["object"] = json.loads(envelope["object"])
    return envelope


class Provider:
    """Yuefu's token and query endpoints, under the base URL (…/getphone)."""

    def __init__(self, app_id, base_url):
        self.app_id = app_id
        self.base_url = base_url.rstrip("/")

    def token(self):
        body = urllib.parse.urlencode({"appId": self.app_id}).encode("ascii")
        request = urllib.request.Request(self.base_url + "/token", data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=PROVIDER_TIMEOUT_S) as response:
            envelope = parse_envelope(response.read().decode("utf-8"))
        message = envelope.get("message")
        if envelope["resCode"] != "0" or not isinstance(message, str) or not re.fullmatch(r"[\w-]{8,128}", message):
            raise RuntimeError("the provider gave no token (resCode %s)" % envelope["resCode"])
        return message

    def query(self, sign):
        query = "appId=%s&sign=%s" % (urllib.parse.quote(self.app_id, safe=""), urllib.parse.quote(sign, safe=""))
        with urllib.request.urlopen(self.base_url + "/query?" + query, timeout=PROVIDER_TIMEOUT_S) as response:
            return parse_envelope(response.read().decode("utf-8"))


class TokenCache:
    """One token at a time, fetched by one thread while the others wait, dropped when proven dead."""

    def __init__(self, provider):
        self.provider = provider
        self.lock = threading.Lock()
        self.value = None
        self.expires_at = 0.0

    def get(self):
        with self.lock:
            if self.value is None or time.monotonic() >= self.expires_at:
                self.value = self.provider.token()
                self.expires_at = time.monotonic() + TOKEN_TTL_S
            return self.value

    def cached(self):
        with self.lock:
            return self.value

    def drop(self, token):
        """Compare-and-delete: a token fetched meanwhile by another request stays."""
        with self.lock:
            if self.value == token:
                self.value = None


class IssuedSigns:
    """The reqIds this server signed, until they are too old to confirm; each confirms once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = {}  # reqId -> [issued at (ms), confirmed]; insertion order is time order

    def issue(self):
        req_id = "".join(secrets.choice("0123456789") for _ in range(30))
        with self.lock:
            horizon = now_ms() - MAX_AGE_MS - CLOCK_SKEW_MS
            while self.entries:
                oldest = next(iter(self.entries))
                if self.entries[oldest][0] >= horizon:
                    break
                del self.entries[oldest]
            self.entries[req_id] = [now_ms(), False]
        return req_id

    def state(self, req_id):
        """'unknown', 'issued' or 'confirmed'."""
        with self.lock:
            entry = self.entries.get(req_id)
        return "unknown" if entry is None else "confirmed" if entry[1] else "issued"

    def claim(self, req_id):
        """Marks the reqId confirmed; False if it already was (atomic under the lock)."""
        with self.lock:
            entry = self.entries.get(req_id)
            if entry is None or entry[1]:
                return False
            entry[1] = True
            return True


class OneTap:
    """The two routes' logic for one app: sign(query) and confirm(sign)."""

    def __init__(self, app_id, aes_key, base_url):
        self.app_id = app_id
        self.codec = SignCodec(aes_key)
        self.provider = Provider(app_id, base_url)
        self.tokens = TokenCache(self.provider)
        self.issued = IssuedSigns()

    def sign(self, params):
        """GET …/sign?appId=…[&reason=token-expired&sign=…]: a new sign on the cached token."""
        if params.get("appId") != self.app_id:
            raise Refused(403, "UNKNOWN_APP_ID")
        if params.get("reason") == "token-expired" and params.get("sign"):
            self.expiry_report(params["sign"])
        token = self.tokens.get()
        fields = {"appId": self.app_id, "reqId": self.issued.issue(), "timeStamp": str(now_ms()), "token": token}
        return self.codec.seal(fields)

    def expiry_report(self, sign):
        """Anyone can send a report: drop the token only for a sign we issued on it that the provider refuses."""
        fields = self.codec.open(sign)
        if fields is None or fields["appId"] != self.app_id or self.issued.state(fields["reqId"]) == "unknown":
            return
        if fields["token"] != self.tokens.cached():
            return  # already replaced
        try:
            refused = self.provider.query(sign)["resCode"] == "2"
        except (OSError, ValueError):
            return  # in doubt, keep the token
        if refused:
            self.tokens.drop(fields["token"])

    def confirm(self, sign):
        """The provider's result for a sign this server issued, under 2 minutes old, confirmed once."""
        if not isinstance(sign, str) or not 0 < len(sign) <= 1024:
            raise Refused(400, "BAD_REQUEST")
        fields = self.codec.open(sign)
        if fields is None or fields["appId"] != self.app_id:
            raise Refused(401, "SIGN_INVALID")
        state = self.issued.state(fields["reqId"])
        if state == "unknown":
            raise Refused(401, "SIGN_NOT_ISSUED")
        issued_at = int(fields["timeStamp"]) if re.fullmatch(r"[0-9]{1,16}", fields["timeStamp"]) else 0
        if not (now_ms() - issued_at <= MAX_AGE_MS and issued_at - now_ms() <= CLOCK_SKEW_MS):
            raise Refused(401, "SIGN_EXPIRED")
        if state == "confirmed":
            raise Refused(401, "SIGN_USED")  # before asking the provider: a replay costs nothing
        try:
            envelope = self.provider.query(sign)
        except (OSError, ValueError):
            raise Refused(502, "PROVIDER_UNAVAILABLE")
        result = envelope.get("object") if isinstance(envelope.get("object"), dict) else {}
        if envelope["resCode"] != "0" or envelope.get("success") is not True:
            raise Refused(401, "TOKEN_EXPIRED" if envelope["resCode"] == "2" else "RESULT_UNAVAILABLE")
        phone, par = result.get("phone"), result.get("par")
        if not (isinstance(phone, str) and MASKED_PHONE.match(phone) and isinstance(par, str) and PAR.match(par)):
            raise Refused(502, "RESULT_MALFORMED")
        if not self.issued.claim(fields["reqId"]):
            raise Refused(401, "SIGN_USED")  # another request confirmed it meanwhile
        return {"phone": phone, "par": par}
