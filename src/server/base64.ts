// Standard Base64 with padding, strict on input: a sign whose `+` arrived as a space is
// refused, and so is a non-canonical spelling (unused low bits set before the `=`), so that
// every one-character change to a sign is a different sign.
const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  if (!STRICT.test(text)) throw new Error('not standard Base64');
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  if (toBase64(bytes) !== text) throw new Error('not canonical Base64');
  return bytes;
}
