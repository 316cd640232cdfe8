// The partner's sign endpoint as a packed-tarball check needs it: `one-tap-phone/server` resolved
// from the test app's own node_modules (the package as a partner installs it, not our sources),
// createSignHandler against the given provider, on a free loopback port. `onRequest` sees each
// request first (to note what the page sent); `close()` ends open connections too.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function startPackedSignEndpoint(app, { appId, aesKey, baseUrl, onRequest }) {
  const requireFromApp = createRequire(join(app, 'package.json'));
  const server = await import(pathToFileURL(requireFromApp.resolve('one-tap-phone/server')).href);
  const handler = server.createSignHandler({ appId, aesKey, baseUrl, cors: true });
  const api = createServer((req, res) => {
    onRequest?.(req);
    handler.node(req, res);
  });
  await new Promise((r) => api.listen(0, '127.0.0.1', r));
  return {
    signUrl: `http://127.0.0.1:${api.address().port}/api/sign`,
    server,
    close: () => {
      api.closeAllConnections();
      return new Promise((r) => api.close(r));
    },
  };
}
