// Which Host headers the mock answers. A page on any site can make a developer's browser call
// a name that resolves to 127.0.0.1 (DNS rebinding) and read the answers, /demo/sign's signs
// included; such a request still names that site in its Host header, so only loopback names
// are answered unless told otherwise.

/** The names the mock answers by default, on any port. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** `[::1]:4010` → `[::1]`, `Localhost:4010` → `localhost`. */
function hostName(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return (name ?? '').toLowerCase();
}

/**
 * Whether a request with this Host header is answered. No Host header (the mock called
 * in-process, or by MSW in a page) is no HTTP hop from elsewhere: answered.
 */
export function hostAllowed(
  host: string | null,
  allowed: readonly string[] | ((host: string) => boolean) = LOOPBACK_HOSTS,
): boolean {
  if (host === null) return true;
  const name = hostName(host);
  return typeof allowed === 'function' ? allowed(name) : allowed.some((h) => hostName(h) === name);
}
