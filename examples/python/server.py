"""The partner's server in Python: the sign route, the confirm route, and the React page.

    ONE_TAP_APP_ID=wozhitest ONE_TAP_AES_KEY=h1q9750o8141K864 \
    ONE_TAP_BASE_URL=http://127.0.0.1:4010/getphone python3 server.py

Standard library and Debian's python3-cryptography; serves the page examples/express-vite builds
(`npm run build` there) from ONE_TAP_STATIC_DIR. Written from docs/backends.md.
"""

import json
import mimetypes
import os
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from one_tap import OneTap, Refused

MAX_BODY = 2048


def required(name):
    value = os.environ.get(name)
    if not value:
        sys.exit("%s is not set: the appId, AES key and base URL the provider issued "
                 "(npx one-tap-phone-mock prints a demo app)" % name)
    return value


ONE_TAP = OneTap(required("ONE_TAP_APP_ID"), required("ONE_TAP_AES_KEY"), required("ONE_TAP_BASE_URL"))
STATIC_DIR = Path(os.environ.get("ONE_TAP_STATIC_DIR",
                                 Path(__file__).resolve().parent.parent / "express-vite" / "dist")).resolve()


class Handler(BaseHTTPRequestHandler):
    server_version = "one-tap-example"
    sys_version = ""

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
        self.send_json(refused.status, {"error": {"code": refused.code}}, headers)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/api/one-tap/sign":
            params = dict(urllib.parse.parse_qsl(url.query))
            try:
                self.send_json(200, {"sign": ONE_TAP.sign(params)})
            except Refused as refused:
                self.refuse(refused)
            except (OSError, RuntimeError, ValueError) as error:
                sys.stderr.write("sign failed: %s\n" % type(error).__name__)  # never the key, a token or a sign
                self.refuse(Refused(502, "PROVIDER_UNAVAILABLE"), {"Retry-After": "5"})
            return
        self.send_static(url.path)

    def do_POST(self):
        if urllib.parse.urlsplit(self.path).path != "/api/one-tap/confirm":
            return self.refuse(Refused(404, "NOT_FOUND"))
        # Login CSRF: a page on another site can post a <form> (text/plain, no CORS preflight)
        # with the attacker's own looked-up sign. Refuse what is not a same-origin JSON post.
        if self.cross_site():
            return self.refuse(Refused(403, "CROSS_SITE"))
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return self.refuse(Refused(415, "UNSUPPORTED_MEDIA_TYPE"))
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            return self.refuse(Refused(411, "LENGTH_REQUIRED"))
        if int(length) > MAX_BODY:
            self.close_connection = True  # the body is not read
            return self.refuse(Refused(413, "TOO_LARGE"))
        try:
            body = json.loads(self.rfile.read(int(length)).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return self.refuse(Refused(400, "BAD_REQUEST"))
        try:
            # Where a real app finds the account for this number and starts its session.
            result = ONE_TAP.confirm(body.get("sign") if isinstance(body, dict) else None)
        except Refused as refused:
            return self.refuse(refused)
        self.send_json(200, result)

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
        sys.stderr.write("%s %s\n" % (self.command, urllib.parse.urlsplit(self.path).path))


if __name__ == "__main__":
    host = os.environ.get("HOST", "localhost")
    port = int(os.environ.get("PORT", "3000"))
    server = ThreadingHTTPServer((host, port), Handler)
    print("listening on http://%s:%d" % (host, port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
