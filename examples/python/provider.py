"""Yuefu's token and query endpoints, under the base URL (…/getphone), and its envelope."""

import json
import re
import urllib.parse
import urllib.request

PROVIDER_TIMEOUT_S = 5
TOKEN = re.compile(r"[\w-]{8,128}", re.ASCII)


class Refused(Exception):
    """A request the route refuses: an HTTP status and a fixed code, never internal detail."""

    def __init__(self, status, code, retry_after=None):
        super().__init__(code)
        self.status = status
        self.code = code
        self.retry_after = retry_after


# A refused token request, by resCode, as one-tap-phone/server answers it: resCode 1 and 2 need
# the partner (whitelist, contract), 3 may pass.
TOKEN_REFUSALS = {"1": (502, "IP_NOT_WHITELISTED"), "2": (502, "FEATURE_NOT_ENABLED"), "3": (503, "TOKEN_FAILED")}


def parse_envelope(body):
    """The provider's answer {resCode, success, message, object}; JSONP's callback(...) removed."""
    text = body.strip()
    if not text.startswith("{"):
        text = text[text.index("(") + 1:text.rindex(")")]
    envelope = json.loads(text)
    if not isinstance(envelope, dict):
        raise ValueError("not an envelope")
    envelope["resCode"] = str(envelope.get("resCode"))
    if isinstance(envelope.get("object"), str):  # the document types it as a JSON string
        envelope["object"] = json.loads(envelope["object"])
    return envelope


class Provider:
    """POST {base}/token and GET {base}/query, each with a 5 s timeout."""

    def __init__(self, app_id, base_url):
        self.app_id = app_id
        self.base_url = base_url.rstrip("/")

    def token(self):
        """The token, or Refused with the status and code the sign route answers."""
        body = urllib.parse.urlencode({"appId": self.app_id}).encode("ascii")
        request = urllib.request.Request(self.base_url + "/token", data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=PROVIDER_TIMEOUT_S) as response:
                envelope = parse_envelope(response.read().decode("utf-8"))
        except OSError:  # unreachable, a timeout, an HTTP error
            raise Refused(503, "PROVIDER_UNAVAILABLE")
        except (ValueError, UnicodeDecodeError):
            raise Refused(502, "BAD_RESPONSE")
        message = envelope.get("message")
        if envelope["resCode"] == "0" and isinstance(message, str) and TOKEN.fullmatch(message):
            return message
        raise Refused(*TOKEN_REFUSALS.get(envelope["resCode"], (502, "BAD_RESPONSE")))

    def query(self, sign):
        """The envelope; OSError when the provider could not be asked, ValueError for no envelope."""
        query = "appId=%s&sign=%s" % (urllib.parse.quote(self.app_id, safe=""), urllib.parse.quote(sign, safe=""))
        with urllib.request.urlopen(self.base_url + "/query?" + query, timeout=PROVIDER_TIMEOUT_S) as response:
            return parse_envelope(response.read().decode("utf-8"))
