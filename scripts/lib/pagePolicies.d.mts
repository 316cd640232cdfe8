export interface PagePolicy {
  /** The `Content-Security-Policy` header, from the response's nonce and the provider's origin. */
  enforce?: (nonce: string, provider: string) => string;
  /** A `Content-Security-Policy-Report-Only` header: reported, never enforced. */
  reportOnly?: (nonce: string, provider: string) => string;
  /** The page installs the documented default policy, passing the provider's origin or another. */
  defaultPolicyFor?: 'provider' | 'another origin';
}
export type PolicyName =
  | 'nonce and strict-dynamic'
  | 'nonce and the provider’s origin'
  | 'nonce alone (the provider not allowed)'
  | 'Trusted Types, no policy for the provider'
  | 'Trusted Types, a default policy for another origin'
  | 'Trusted Types with the documented default policy'
  | 'a report-only policy that would refuse it';
export declare const PAGE_POLICIES: Record<PolicyName, PagePolicy>;
export declare function defaultPolicyScript(origin: string): string;
export declare function pageUnderPolicy(
  policy: PagePolicy,
  nonce: string,
  provider: string,
): { headers: Record<string, string>; head: string };
