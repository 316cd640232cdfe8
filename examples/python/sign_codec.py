"""The sign: AES-128-ECB with PKCS#7 padding over compact, key-sorted JSON, in standard Base64.

What docs/backends.md ("The sign") describes, byte for byte as the provider's Java code (Gson)
writes it. Opening is strict: anything that is not exactly four string fields is not a sign.
"""

import base64
import binascii
import json

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

# Gson (the provider's Java JSON library) escapes these; the sign's JSON must be byte-identical.
GSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "=": "\\u003d", "'": "\\u0027",
                "\u2028": "\\u2028", "\u2029": "\\u2029"}
SIGN_FIELDS = ["appId", "reqId", "timeStamp", "token"]


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
        """The four fields, or None when the sign is not one this key sealed, byte for byte."""
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
        # ECB lets blocks of two issued signs be spliced into JSON holding a key twice: json.loads
        # keeps the later value, the provider's parser may keep the earlier. Only the exact bytes
        # this codec writes for those fields are a sign.
        if self.seal(fields) != sign:
            return None
        return fields
