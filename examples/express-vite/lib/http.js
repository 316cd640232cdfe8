// What every state-changing route of this app (SMS, log out, forget) shares: JSON from this
// site's own pages only, and errors as { error: { code, message } }, like one-tap-phone's routes.
import express from 'express';

/** Answers `status` with a fixed code and message: never a detail of what failed. */
export const fail = (res, status, code, message) =>
  res.status(status).set('cache-control', 'no-store').json({ error: { code, message } });

/**
 * Refuses another site's request (Sec-Fetch-Site, which browsers set and pages cannot) and any
 * body but JSON (a cross-site form cannot send one without a preflight), then parses it (2 KB).
 */
export const sameSiteJson = [
  (req, res, next) => {
    const site = req.get('sec-fetch-site');
    if (site && site !== 'same-origin')
      return fail(res, 403, 'CROSS_SITE', 'Only this site’s pages may call this route.');
    if (req.method === 'POST' && !req.is('application/json'))
      return fail(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON.');
    next();
  },
  express.json({ limit: '2kb' }),
];
