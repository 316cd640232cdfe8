/** The network that authenticates a number: China Mobile, China Unicom, China Telecom, China Broadnet. */
export type Carrier = 'mobile' | 'unicom' | 'telecom' | 'broadnet' | 'unknown';

// The mobile prefixes (号段) the MIIT allocated to each carrier, as libphonenumber's carrier
// data for +86 (resources/carrier/zh/86.txt) gives them: virtual operators' 162/165/167/171 under
// the carrier whose network they use. 170 is 'unknown': its fourth digit picks the carrier, and
// the masked number hides it. 1349 (satellite) reads as mobile for the same reason. Number
// portability (携号转网, since 2019) moves numbers between carriers: for a ported number this
// is the carrier that issued it, so the result is a best guess to show, never to decide on.
const PREFIXES: Record<Exclude<Carrier, 'unknown'>, string> = {
  mobile: '134 135 136 137 138 139 147 150 151 152 157 158 159 165 172 178 182 183 184 187 188 195 197 198',
  unicom: '130 131 132 145 155 156 166 167 171 175 176 185 186 196',
  telecom: '133 149 153 162 173 174 177 180 181 189 190 191 193 199',
  broadnet: '192',
};

/**
 * The carrier a number's first three digits were allocated to: works on the masked number
 * (`134****8682`) the provider returns. A best guess: see the note on number portability.
 */
export function carrierOf(phone: string): Carrier {
  const prefix = /^1\d\d/.exec(phone)?.[0];
  return (
    (prefix &&
      (Object.keys(PREFIXES) as Exclude<Carrier, 'unknown'>[]).find((carrier) =>
        PREFIXES[carrier].includes(prefix),
      )) ||
    'unknown'
  );
}
