// Next.js bundles each route and page on its own, and a module's top-level state is not shared
// between them: a Map made in lib/kv.ts for the SMS routes would not be the one the signed-in
// page reads. What must be one per process (the memory stores without REDIS_URL, the Redis
// client) is made once and kept on globalThis.
import 'server-only';

/** `make()`'s value, made once per process under `name`. */
export function perProcess<T>(name: string, make: () => T): T {
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`one-tap-example:${name}`);
  slots[key] ??= make();
  return slots[key];
}
