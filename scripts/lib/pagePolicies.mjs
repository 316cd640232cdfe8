// The login page's policies as docs/react.md ("Content-Security-Policy") gives them, one per
// row of issue 25's table: what test/node/contentSecurityPolicy.test.ts serves from src and
// scripts/check-consumer-app.mjs serves from the packed tarball, with a fresh nonce per
// response. `provider` is the origin of the page's baseUrl.

/** Each policy: the enforced header, a report-only one, and whose origin the default policy passes. */
export const PAGE_POLICIES = {
  'nonce and strict-dynamic': {
    enforce: (nonce) => `script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`,
  },
  'nonce and the provider’s origin': {
    enforce: (nonce, provider) =>
      `script-src 'nonce-${nonce}' ${provider}; object-src 'none'; base-uri 'none'`,
  },
  'nonce alone (the provider not allowed)': {
    enforce: (nonce) => `script-src 'nonce-${nonce}'; object-src 'none'; base-uri 'none'`,
  },
  'Trusted Types, no policy for the provider': {
    enforce: (nonce) => `script-src 'nonce-${nonce}' 'strict-dynamic'; require-trusted-types-for 'script'`,
  },
  'Trusted Types, a default policy for another origin': {
    enforce: (nonce) =>
      `script-src 'nonce-${nonce}' 'strict-dynamic'; require-trusted-types-for 'script'; trusted-types default`,
    defaultPolicyFor: 'another origin',
  },
  'Trusted Types with the documented default policy': {
    enforce: (nonce) =>
      `script-src 'nonce-${nonce}' 'strict-dynamic'; require-trusted-types-for 'script'; trusted-types default`,
    defaultPolicyFor: 'provider',
  },
  'a report-only policy that would refuse it': {
    reportOnly: (nonce) => `script-src 'nonce-${nonce}'; require-trusted-types-for 'script'`,
  },
};

/**
 * docs/react.md's Trusted Types default policy, for the provider at `origin`: it passes script
 * URLs of that origin and no other (null makes the browser refuse, and report, the rest).
 */
export const defaultPolicyScript = (origin) => `
if (window.trustedTypes && !trustedTypes.defaultPolicy) {
  const provider = '${origin}'; // the origin of your baseUrl
  trustedTypes.createPolicy('default', {
    createScriptURL: (url) => (new URL(url, location.href).origin === provider ? url : null),
  });
}`;

/**
 * The headers and the head markup for `policy`: `head` goes first in <head> (the default
 * policy must exist before any script assigns a URL), `nonce` on every <script>.
 */
export function pageUnderPolicy(policy, nonce, provider) {
  const headers = {};
  if (policy.enforce) headers['content-security-policy'] = policy.enforce(nonce, provider);
  if (policy.reportOnly) headers['content-security-policy-report-only'] = policy.reportOnly(nonce, provider);
  const passes = policy.defaultPolicyFor === 'provider' ? provider : 'https://elsewhere.invalid';
  const head = policy.defaultPolicyFor
    ? `<script nonce="${nonce}">${defaultPolicyScript(passes)}</script>`
    : '';
  return { headers, head };
}
