"""The partner's server in Python: the sign route, the confirm route, and the React page.

    ONE_TAP_APP_ID=wozhitest ONE_TAP_AES_KEY=h1q9750o8141K864 \
    ONE_TAP_BASE_URL=http://127.0.0.1:4010/getphone python3 server.py

Standard library and Debian's python3-cryptography; serves the page examples/express-vite builds
(`npm run build` there) from ONE_TAP_STATIC_DIR. Written from docs/backends.md.
"""

import json
import mimetypes
import os
import re
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from deadlines import Deadlines
from limits import RateLimit, per_minute
from one_tap import OneTap
from provider import Refused

MAX_BODY = 2048
# A request, head and body, not read in this long is closed (a body: answered 408 first): a
# stalled client holds its own thread, never the others', and not for long.
READ_TIMEOUT_S = 10
DEADLINES = Deadlines()
# ASCII digits only: str.isdigit() also accepts '²' and '١', which int() then refuses or reads.
CONTENT_LENGTH = re.compile(r"[0-9]+", re.ASCII)
# The binding cookie: HttpOnly (no script reads it), __Host- (only this origin, over https, may set it).
BINDING_COOKIE = "__Host-one-tap"
BINDING_MAX_AGE_S = 300


def required(name):
    value = os.environ.get(name)
    if not value:
        sys.exit("%s is not set: the appId, AES key and base URL the provider issued "
                 "(npx one-tap-phone-mock prints a demo app)" % name)
    return value


ONE_TAP = OneTap(required("ONE_TAP_APP_ID"), required("ONE_TAP_AES_KEY"), required("ONE_TAP_BASE_URL"))
STATIC_DIR = Path(os.environ.get("ONE_TAP_STATIC_DIR",
                                 Path(__file__).resolve().parent.parent / "express-vite" / "dist")).resolve()
# Per client address and minute; defaults above what a login page needs and what
# `one-tap-phone-mock check` sends in its bursts (about 100 signs, 52 reports, 45 confirms).
LIMITS = {
    "sign": RateLimit(per_minute("ONE_TAP_SIGNS_PER_MINUTE", 200)),
    "report": RateLimit(per_minute("ONE_TAP_REPORTS_PER_MINUTE", 100)),
    "confirm": RateLimit(per_minute("ONE_TAP_CONFIRMS_PER_MINUTE", 120)),
}


class Handler(BaseHTTPRequestHandler):
    server_version = "one-tap-example"
    sys_version = ""
    timeout = READ_TIMEOUT_S  # each read; DEADLINES holds the whole request to it

    def setup(self):
        super().setup()
        DEADLINES.start(self.connection, READ_TIMEOUT_S)
        self.read_by = time.monotonic() + READ_TIMEOUT_S

    def parse_request(self):
        parsed = super().parse_request()
        if self.command != "POST":
            DEADLINES.done(self.connection)  # no body to wait for
        return parsed

    def finish(self):
        DEADLINES.done(self.connection)
        super().finish()

    def send_json(self, status, value, headers=None):
        body = json.dumps(value).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Cache-Control", "no-store")  # a sign is for one page load, one user
        for name, header in (headers or {}).items():
            self.send_header(name, header)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def refuse(self, refused, headers=None):
        headers = dict(headers or {})
        if refused.retry_after is not None:
            headers["Retry-After"] = str(refused.retry_after)
        self.send_json(refused.status, {"error": {"code": refused.code}}, headers)

    def limited(self, kind):
        """Refused 429 when this client address is over the route's limit."""
        wait = LIMITS[kind].take(self.client_address[0])
        return Refused(429, "RATE_LIMITED", wait) if wait else None

    def binding(self):
        """The binding cookie's value the request brought, or None."""
        for pair in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = pair.strip().partition("=")
            if name == BINDING_COOKIE and value:
                return value
        return None

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/api/one-tap/sign":
            return self.sign(dict(urllib.parse.parse_qsl(url.query)))
        self.send_static(url.path)

    def sign(self, params):
        if not params.get("appId"):
            return self.refuse(Refused(400, "MISSING_APP_ID"))
        if params["appId"] != ONE_TAP.app_id:
            return self.refuse(Refused(403, "UNKNOWN_APP_ID"))
        limited = self.limited("report" if params.get("reason") == "token-expired" else "sign")
        if limited:
            return self.refuse(limited)
        try:
            sign, binding = ONE_TAP.sign(params, self.binding())
        except Refused as refused:
            return self.refuse(refused)
        cookie = "%s=%s; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=%d" % (BINDING_COOKIE, binding, BINDING_MAX_AGE_S)
        self.send_json(200, {"sign": sign}, {"Set-Cookie": cookie})

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/api/one-tap/sign":
            return self.refuse(Refused(405, "METHOD_NOT_ALLOWED"), {"Allow": "GET"})
        if path != "/api/one-tap/confirm":
            return self.refuse(Refused(404, "NOT_FOUND"))
        self.close_connection = True  # an answer before the body was read leaves it unread
        # Login CSRF: a page on another site can post a <form> (text/plain, no CORS preflight)
        # with the attacker's own looked-up sign. Refuse what is not a same-origin JSON post.
        if self.cross_site():
            return self.refuse(Refused(403, "CROSS_SITE"))
        limited = self.limited("confirm")
        if limited:
            return self.refuse(limited)
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return self.refuse(Refused(415, "UNSUPPORTED_MEDIA_TYPE"))
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            return self.refuse(Refused(411, "LENGTH_REQUIRED"))
        length = lengths[0].strip()
        if len(lengths) > 1 or not CONTENT_LENGTH.fullmatch(length):
            return self.refuse(Refused(400, "BAD_REQUEST"))
        if len(length) > 9 or int(length) > MAX_BODY:  # int() refuses over 4,300 digits
            return self.refuse(Refused(413, "BODY_TOO_LARGE"))  # not a byte of it read
        try:
            body = self.read_body(int(length))
        except ConnectionAbortedError:
            return
        if body is None:
            return self.refuse(Refused(408, "REQUEST_TIMEOUT"))
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return self.refuse(Refused(400, "BAD_REQUEST"))
        try:
            # Where a real app finds the account for this number and starts its session.
            result = ONE_TAP.confirm(parsed.get("sign") if isinstance(parsed, dict) else None, self.binding())
        except Refused as refused:
            return self.refuse(refused)
        self.send_json(200, result)

    def read_body(self, length):
        """The body, or None when the request is not complete within READ_TIMEOUT_S (however it trickles)."""
        deadline = self.read_by - 0.5  # answered 408 before DEADLINES closes the connection
        chunks, received = [], 0
        try:
            while received < length:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self.connection.settimeout(remaining)
                chunk = self.rfile.read1(length - received)
                if not chunk:
                    raise ConnectionAbortedError  # the client gave up: no one to answer
                chunks.append(chunk)
                received += len(chunk)
        except TimeoutError:
            return None
        DEADLINES.done(self.connection)
        return b"".join(chunks)

    def do_HEAD(self):
        self.refuse(Refused(405, "METHOD_NOT_ALLOWED"), {"Allow": "POST" if "confirm" in self.path else "GET"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD

    def cross_site(self):
        site = self.headers.get("Sec-Fetch-Site")
        if site:
            return site not in ("same-origin", "none")
        origin = self.headers.get("Origin")
        return origin is not None and origin != "http://" + (self.headers.get("Host") or "")

    def send_static(self, path):
        """A file of the built page; nothing outside STATIC_DIR."""
        file = (STATIC_DIR / urllib.parse.unquote(path).lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if not file.is_relative_to(STATIC_DIR) or not file.is_file():
            return self.refuse(Refused(404, "NOT_FOUND"))
        body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        # The default logs the request line, and a sign request's line holds a sign.
        sys.stderr.write("%s %s\n" % (self.command, urllib.parse.urlsplit(self.path or "").path))


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a stalled client's thread does not hold the process at exit

    def handle_error(self, request, client_address):
        # A client that hung up or stalled is no bug of ours: one line, no traceback.
        if issubclass(sys.exc_info()[0], (ConnectionError, TimeoutError)):
            sys.stderr.write("connection dropped: %s\n" % sys.exc_info()[0].__name__)
        else:
            super().handle_error(request, client_address)


if __name__ == "__main__":
    host = os.environ.get("HOST", "localhost")
    port = int(os.environ.get("PORT", "3000"))
    server = Server((host, port), Handler)
    print("listening on http://%s:%d" % (host, port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
