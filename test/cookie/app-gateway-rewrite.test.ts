import * as fc from 'fast-check';
import { RE2JS } from 're2js';
import { CookiePolicy, partitionSetCookie } from '../../lib';
import {
  affinityCookiesExcludedByPolicy,
  APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET,
  appGatewayRewriteRuleSet,
  partitionedCookieMatchers,
  partitionedSetCookieTemplate,
} from '../../lib/cookie/app-gateway-rewrite';
import { rewriteSetCookies } from '../support/app-gateway-emulator';
import { isCrossSitePartitioned, parseSetCookie, ParsedSetCookie } from '../support/rfc6265bis';
import { REAL_COOKIES } from './cases';
import { structuredSetCookie } from './arbitraries';

const GATEWAY_NAMES = ['BAYEUX_BROWSER', 'JSESSIONID', 'ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS'];

/** What a browser stores, without the attribute list itself (its bytes may differ). */
function effective(header: string): Omit<ParsedSetCookie, 'attributes'> | undefined {
  const parsed = parseSetCookie(header);
  if (parsed === undefined) {
    return undefined;
  }
  const stored: { -readonly [K in keyof ParsedSetCookie]?: ParsedSetCookie[K] } = { ...parsed };
  delete stored.attributes;
  return stored as Omit<ParsedSetCookie, 'attributes'>;
}

describe('the Application Gateway rewrite rule set generated from the default policy', () => {
  const ruleSet = appGatewayRewriteRuleSet();
  const rules = ruleSet.properties.rewriteRules;

  it('has one rule per cookie the gateway can name: GMS cookies and the affinity pair', () => {
    expect(partitionedCookieMatchers().map((matcher) => matcher.cookieName)).toEqual(GATEWAY_NAMES);
    expect(rules).toHaveLength(4);
    expect(new Set(rules.map((rule) => rule.name)).size).toBe(4);
    expect(rules.map((rule) => rule.ruleSequence)).toEqual([100, 101, 102, 103]);
  });

  it('rewrites Set-Cookie through a headerValueMatcher in every rule, never with a plain Set-Cookie rewrite', () => {
    for (const rule of rules) {
      expect(rule.actionSet.requestHeaderConfigurations).toEqual([]);
      expect(rule.actionSet.responseHeaderConfigurations).toHaveLength(1);
      const configuration = rule.actionSet.responseHeaderConfigurations[0];
      expect(configuration.headerName).toBe('Set-Cookie');
      expect(configuration.headerValueMatcher).toEqual({ pattern: expect.stringMatching(/^\^\(.*\)\(\.\*\)\$$/), ignoreCase: false, negate: false });
      expect(rule.conditions).toEqual([{ variable: 'http_resp_Set-Cookie', pattern: '.*', ignoreCase: true, negate: false }]);
    }
  });

  it('uses RE2 patterns that compile, are anchored, and avoid lookaround and backreferences', () => {
    for (const rule of rules) {
      const pattern = rule.actionSet.responseHeaderConfigurations[0].headerValueMatcher?.pattern ?? '';
      expect(() => RE2JS.compile(pattern)).not.toThrow();
      expect(pattern.startsWith('^') && pattern.endsWith('$')).toBe(true);
      expect(pattern).not.toMatch(/\(\?[=!<]|\\[1-9]/);
    }
  });

  it('puts Path=/ before the cookie\'s own attributes and the ensured attributes after them', () => {
    expect(partitionedSetCookieTemplate()).toBe('{capt_header_value_matcher_1}; Path=/{capt_header_value_matcher_2}; SameSite=None; HttpOnly; Secure; Partitioned');
    expect(partitionedSetCookieTemplate({ httpOnly: false, rootPath: false })).toBe('{capt_header_value_matcher_1}{capt_header_value_matcher_2}; SameSite=None; Secure; Partitioned');
  });

  it('selects a cookie by its exact, case-sensitive name only', () => {
    const [bayeux] = rules;
    const out = (header: string): string[] => rewriteSetCookies({ name: 'one', properties: { rewriteRules: [bayeux] } }, [header]);
    expect(out('BAYEUX_BROWSER=x')).toEqual(['BAYEUX_BROWSER=x; Path=/; SameSite=None; HttpOnly; Secure; Partitioned']);
    expect(out(' BAYEUX_BROWSER =x')[0]).toContain('Partitioned');
    expect(out('bayeux_browser=x')).toEqual(['bayeux_browser=x']);
    expect(out('BAYEUX_BROWSER2=x')).toEqual(['BAYEUX_BROWSER2=x']);
    expect(out('X_BAYEUX_BROWSER=x')).toEqual(['X_BAYEUX_BROWSER=x']);
    expect(out('other=BAYEUX_BROWSER=x')).toEqual(['other=BAYEUX_BROWSER=x']);
  });
});

describe('the generated rules against what a browser stores (partitionSetCookie as the oracle)', () => {
  const ruleSet = appGatewayRewriteRuleSet();

  it.each(REAL_COOKIES.filter((testCase) => GATEWAY_NAMES.some((name) => testCase.input.startsWith(`${name}=`))))('$title', ({ input, expected }) => {
    const [rewritten] = rewriteSetCookies(ruleSet, [input]);
    expect(isCrossSitePartitioned(parseSetCookie(rewritten))).toBe(true);
    expect(effective(rewritten)).toEqual(effective(expected));
  });

  it('matches partitionSetCookie on 5000 generated Set-Cookie values of the named cookies, and leaves other cookies alone', () => {
    const named = fc.tuple(fc.constantFrom(...GATEWAY_NAMES), fc.constantFrom('', ' '), structuredSetCookie)
      .map(([name, space, header]) => `${space}${name}=${header.replace(/^[^;]*=?/, '')}`);
    fc.assert(fc.property(fc.oneof(named, structuredSetCookie), (header) => {
      const out = rewriteSetCookies(ruleSet, [header]);
      expect(out).toHaveLength(1);
      const oracle = partitionSetCookie(header);
      const name = parseSetCookie(header)?.name;
      const pairName = header.split(';')[0].includes('=') ? header.split(';')[0].split('=')[0].replace(/^[ \t]+|[ \t]+$/g, '') : undefined;
      if (pairName !== undefined && GATEWAY_NAMES.includes(pairName)) {
        expect(effective(out[0])).toEqual(effective(oracle));
        if (name !== undefined && effective(oracle) !== undefined) {
          expect(isCrossSitePartitioned(parseSetCookie(out[0]))).toBe(true);
        }
      } else {
        expect(out[0]).toBe(header);
      }
    }), { numRuns: 5000 });
  });
});

describe('cookie names from the policy', () => {
  it('lists the policy\'s names and prefixes the policy targets, leaving out what another entry covers', () => {
    const policy = { cookieNames: ['BAYEUX_BROWSER', 'ApplicationGateway*', 'ApplicationGatewayAffinity', 'AWSALB*', 'AWSALBCORS'] };
    expect(partitionedCookieMatchers({ policy }).map((matcher) => matcher.cookieName)).toEqual(['BAYEUX_BROWSER', 'ApplicationGateway*', 'AWSALB*']);
  });

  it('drops the GMS names a listing policy does not target, but keeps the affinity pair (stickiness needs it)', () => {
    expect(partitionedCookieMatchers({ policy: { cookieNames: ['BAYEUX_BROWSER'] } }).map((matcher) => matcher.cookieName))
      .toEqual(['BAYEUX_BROWSER', 'ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS']);
    expect(partitionedCookieMatchers({ policy: { cookieNames: ['BAYEUX_BROWSER'] }, affinityCookieNames: ['Sticky-chat', 'Sticky-cometd'] }).map((matcher) => matcher.cookieName))
      .toEqual(['BAYEUX_BROWSER', 'Sticky-chat', 'Sticky-chatCORS', 'Sticky-cometd', 'Sticky-cometdCORS']);
    expect(affinityCookiesExcludedByPolicy({ cookieNames: ['BAYEUX_BROWSER'] }, ['ApplicationGatewayAffinity'])).toEqual([]);
  });

  it('rewrites the affinity pair of a narrow policy on a real response, so stickiness survives', () => {
    const ruleSet = appGatewayRewriteRuleSet({ policy: { cookieNames: ['BAYEUX_BROWSER'] } });
    const out = rewriteSetCookies(ruleSet, [
      'ApplicationGatewayAffinity=9f86d081; Path=/',
      'ApplicationGatewayAffinityCORS=9f86d081; Path=/; SameSite=None; Secure',
      'BAYEUX_BROWSER=x; HttpOnly',
      'JSESSIONID=y; Path=/genesys',
    ]);
    expect(out.map((header) => isCrossSitePartitioned(parseSetCookie(header)))).toEqual([true, true, true, false]);
    expect(out[3]).toBe('JSESSIONID=y; Path=/genesys');
  });

  it('leaves out only the affinity cookies the policy excludes explicitly, and reports them', () => {
    const policy = { cookieNames: ['BAYEUX_BROWSER', 'ApplicationGateway*'], excludeCookieNames: ['ApplicationGatewayAffinityCORS'] };
    const ruleSet = appGatewayRewriteRuleSet({ policy });
    const out = rewriteSetCookies(ruleSet, ['ApplicationGatewayAffinity=a; Path=/', 'ApplicationGatewayAffinityCORS=a; Path=/; SameSite=None; Secure']);
    expect(isCrossSitePartitioned(parseSetCookie(out[0]))).toBe(true);
    expect(out[1]).toBe('ApplicationGatewayAffinityCORS=a; Path=/; SameSite=None; Secure');
    expect(affinityCookiesExcludedByPolicy(policy, ['ApplicationGatewayAffinity'])).toEqual(['ApplicationGatewayAffinityCORS']);
    expect(affinityCookiesExcludedByPolicy({ excludeCookieNames: ['ApplicationGatewayAffinity*'] }, ['ApplicationGatewayAffinity']))
      .toEqual(['ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS']);
    expect(partitionedCookieMatchers({ policy: { excludeCookieNames: ['ApplicationGatewayAffinity*'] } }).map((matcher) => matcher.cookieName))
      .toEqual(['BAYEUX_BROWSER', 'JSESSIONID']);
  });

  it('uses a custom affinity cookie name and its CORS companion, or none when affinity is off', () => {
    expect(partitionedCookieMatchers({ affinityCookieNames: ['GmsSticky'] }).map((matcher) => matcher.cookieName))
      .toEqual(['BAYEUX_BROWSER', 'JSESSIONID', 'GmsSticky', 'GmsStickyCORS']);
    expect(partitionedCookieMatchers({ affinityCookieNames: [] }).map((matcher) => matcher.cookieName)).toEqual(['BAYEUX_BROWSER', 'JSESSIONID']);
  });

  it('adds additionalCookieNames for a policy of every cookie, with escaped RE2 metacharacters', () => {
    const ruleSet = appGatewayRewriteRuleSet({ additionalCookieNames: ['a.b$c', 'x|y*'] });
    expect(rewriteSetCookies(ruleSet, ['a.b$c=1', 'aXb$c=1', 'x|y-7=2', 'xy=3'])).toEqual([
      'a.b$c=1; Path=/; SameSite=None; HttpOnly; Secure; Partitioned',
      'aXb$c=1',
      'x|y-7=2; Path=/; SameSite=None; HttpOnly; Secure; Partitioned',
      'xy=3',
    ]);
  });

  const exclusionPolicy = new CookiePolicy({
    cookieNames: ['AWSALB*', 'BAYEUX_BROWSER'],
    excludeCookieNames: ['AWSALBTG*', 'AWSALBAPP-0', 'AWSALBA'],
  });
  const exclusionRuleSet = appGatewayRewriteRuleSet({ policy: exclusionPolicy });

  it.each([
    ['AWSALB', true], ['AWSALBCORS', true], ['AWSALBAPP-1', true], ['AWSALBAPP-0', false], ['AWSALBAPP-00', true],
    ['AWSALBTG', false], ['AWSALBTGCORS', false], ['AWSALBT', true], ['AWSALBA', false], ['AWSALBAP', true], ['AWSALB TG', true],
    ['AWSALBAPP-0 ', false], ['BAYEUX_BROWSER', true], ['JSESSIONID', false],
  ])('compiles exclusions into the prefix pattern: %s rewritten = %s', (name, rewritten) => {
    expect(exclusionPolicy.appliesTo(name.trim())).toBe(rewritten);
    const [out] = rewriteSetCookies(exclusionRuleSet, [`${name}=v`]);
    expect(out !== `${name}=v`).toBe(rewritten);
  });

  it('selects exactly the cookie names the policy targets, for 3000 generated names', () => {
    const alphabet = fc.constantFrom('A', 'W', 'S', 'L', 'B', 'T', 'G', 'P', '-', '0', '1', 'C', 'O', 'R', 'x', '.', ' ');
    const names = fc.tuple(fc.constantFrom('AWSALB', 'AWSALBAPP-', 'AWSALBT', 'AWS', ''), fc.array(alphabet, { maxLength: 6 }))
      .map(([stem, rest]) => (stem + rest.join('')).replace(/^ +/, ''))
      .filter((name) => name.trim().length > 0);
    fc.assert(fc.property(names, (name) => {
      const [out] = rewriteSetCookies(exclusionRuleSet, [`${name}=v`]);
      expect(out !== `${name}=v`).toBe(exclusionPolicy.appliesTo(name.replace(/[ \t]+$/, '')));
    }), { numRuns: 3000 });
  });
});

describe('limits and errors', () => {
  it('allows 40 cookie names and rejects 41, naming the limit', () => {
    const names = (count: number): string[] => Array.from({ length: count }, (_, index) => `c${index}`);
    expect(appGatewayRewriteRuleSet({ additionalCookieNames: names(36) }).properties.rewriteRules).toHaveLength(APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET);
    expect(() => appGatewayRewriteRuleSet({ additionalCookieNames: names(37) })).toThrow(/41 cookie names need 41 header configurations, but Application Gateway allows at most 40 per rewrite rule set/);
  });

  it('rejects names that are not cookie names', () => {
    expect(() => appGatewayRewriteRuleSet({ additionalCookieNames: ['bad name'] })).toThrow(/additionalCookieNames\[0\] "bad name" is not a cookie name/);
    expect(() => appGatewayRewriteRuleSet({ affinityCookieNames: ['Sticky*'] })).toThrow(/affinityCookieNames\[0\] "Sticky\*" must be a cookie name, not a prefix/);
  });

  it('rejects a policy that leaves no cookie the gateway can name', () => {
    expect(() => appGatewayRewriteRuleSet({ policy: { excludeCookieNames: ['BAYEUX_BROWSER', 'JSESSIONID'] }, affinityCookieNames: [] }))
      .toThrow(/the policy targets none of the cookies the gateway can name; list the cookies in the policy's cookieNames or in additionalCookieNames/);
  });

  it('rejects a firstRuleSequence outside 1-1000', () => {
    expect(() => appGatewayRewriteRuleSet({ firstRuleSequence: 0 })).toThrow(/firstRuleSequence must be an integer from 1 to 997 for 4 rules, got 0/);
    expect(() => appGatewayRewriteRuleSet({ firstRuleSequence: 998 })).toThrow(/firstRuleSequence/);
  });
});
