/**
 * How a browser reads one Set-Cookie header: RFC 6265bis §5.6 (parsing) and §5.7 (storage
 * attributes), plus CHIPS' `Partitioned`. The test oracle: written step by step from the RFC,
 * independently of lib/cookie, so the rewrite is judged by what a browser would store.
 */

export type SameSiteEnforcement = 'None' | 'Lax' | 'Strict' | 'Default';

/** One cookie-av as the parser keeps it. */
export interface ParsedAttribute {
  /** Attribute name as written, WSP-trimmed. */
  readonly name: string;
  /** Attribute value, WSP-trimmed ('' when there was no '='). */
  readonly value: string;
}

/** What a browser stores from a Set-Cookie header, or `undefined` if it ignores it. */
export interface ParsedSetCookie {
  readonly name: string;
  readonly value: string;
  /** Every cookie-av with a value of at most 1024 octets, in order (unknown ones included). */
  readonly attributes: ParsedAttribute[];
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly partitioned: boolean;
  /** The last SameSite attribute's enforcement; 'Default' when there is none. */
  readonly sameSite: SameSiteEnforcement;
  /** The last Path attribute's value when it starts with '/'; `undefined` means the default-path. */
  readonly path: string | undefined;
  /** The last Domain attribute's value, lower-cased, leading '.' removed. */
  readonly domain: string | undefined;
  /** The last valid Max-Age in seconds. */
  readonly maxAge: number | undefined;
  /** The last Expires attribute's raw value (date parsing is out of scope here). */
  readonly expires: string | undefined;
}

const WSP = /^[ \t]+|[ \t]+$/g;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\x00-\x08\x0a-\x1f\x7f]/;

function trimWhitespace(text: string): string {
  return text.replace(WSP, '');
}

function octets(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Parses one Set-Cookie header value as a browser would. */
export function parseSetCookie(header: string): ParsedSetCookie | undefined {
  // §5.6 step 1: a CTL other than HTAB makes the whole header ignored.
  if (CONTROL_CHARACTERS.test(header)) {
    return undefined;
  }
  const firstSemicolon = header.indexOf(';');
  const nameValuePair = firstSemicolon === -1 ? header : header.substring(0, firstSemicolon);
  let unparsedAttributes = firstSemicolon === -1 ? '' : header.substring(firstSemicolon);

  const eq = nameValuePair.indexOf('=');
  const name = trimWhitespace(eq === -1 ? '' : nameValuePair.substring(0, eq));
  const value = trimWhitespace(eq === -1 ? nameValuePair : nameValuePair.substring(eq + 1));
  if (name === '' && value === '') {
    return undefined;
  }
  if (octets(name) + octets(value) > 4096) {
    return undefined;
  }
  if (name === '' && /^__(secure|host)-/i.test(value)) {
    return undefined;
  }

  const attributes: ParsedAttribute[] = [];
  while (unparsedAttributes.length > 0) {
    unparsedAttributes = unparsedAttributes.substring(1); // the ';'
    const next = unparsedAttributes.indexOf(';');
    const cookieAv = next === -1 ? unparsedAttributes : unparsedAttributes.substring(0, next);
    unparsedAttributes = next === -1 ? '' : unparsedAttributes.substring(next);
    const avEq = cookieAv.indexOf('=');
    const attributeName = trimWhitespace(avEq === -1 ? cookieAv : cookieAv.substring(0, avEq));
    const attributeValue = trimWhitespace(avEq === -1 ? '' : cookieAv.substring(avEq + 1));
    if (octets(attributeValue) > 1024) {
      continue;
    }
    attributes.push({ name: attributeName, value: attributeValue });
  }

  let secure = false;
  let httpOnly = false;
  let partitioned = false;
  let sameSite: SameSiteEnforcement = 'Default';
  let path: string | undefined;
  let domain: string | undefined;
  let maxAge: number | undefined;
  let expires: string | undefined;
  for (const attribute of attributes) {
    switch (attribute.name.toLowerCase()) {
      case 'secure':
        secure = true;
        break;
      case 'httponly':
        httpOnly = true;
        break;
      case 'partitioned':
        partitioned = true;
        break;
      case 'samesite': {
        const enforcement = attribute.value.toLowerCase();
        sameSite = enforcement === 'none' ? 'None' : enforcement === 'strict' ? 'Strict' : enforcement === 'lax' ? 'Lax' : 'Default';
        break;
      }
      case 'path':
        path = attribute.value.startsWith('/') ? attribute.value : undefined;
        break;
      case 'domain':
        domain = attribute.value.replace(/^\./, '').toLowerCase();
        break;
      case 'max-age':
        if (/^-?[0-9]+$/.test(attribute.value)) {
          maxAge = Number(attribute.value);
        }
        break;
      case 'expires':
        expires = attribute.value;
        break;
      default:
        break; // unknown attributes are ignored by browsers
    }
  }
  return { name, value, attributes, secure, httpOnly, partitioned, sameSite, path, domain, maxAge, expires };
}

/** Whether a browser blocking third-party cookies keeps this cookie for cross-site use (CHIPS). */
export function isCrossSitePartitioned(cookie: ParsedSetCookie | undefined): boolean {
  return cookie !== undefined && cookie.secure && cookie.partitioned && cookie.sameSite === 'None';
}
