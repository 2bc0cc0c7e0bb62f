import type { AppGatewayRewriteRule, AppGatewayRewriteRuleSet } from '../../lib';
import { ArmApplicationGatewayBody } from '../../lib/azure';
import { findApplicationGatewayBody, rewriteSetCookies, routeRequest } from '../support/app-gateway-emulator';

function ruleSet(...rules: AppGatewayRewriteRule[]): AppGatewayRewriteRuleSet {
  return { name: 'set', properties: { rewriteRules: rules } };
}

function setCookieRule(name: string, ruleSequence: number, headerValue: string | undefined, matcher?: { pattern: string; ignoreCase?: boolean; negate?: boolean }, conditions: AppGatewayRewriteRule['conditions'] = []): AppGatewayRewriteRule {
  return {
    name,
    ruleSequence,
    conditions,
    actionSet: {
      requestHeaderConfigurations: [],
      responseHeaderConfigurations: [{
        headerName: 'Set-Cookie',
        headerValue,
        headerValueMatcher: matcher === undefined ? undefined : { pattern: matcher.pattern, ignoreCase: matcher.ignoreCase ?? false, negate: matcher.negate ?? false },
      }],
    },
  };
}

const COOKIES = ['ApplicationGatewayAffinity=a; Path=/', 'BAYEUX_BROWSER=b; HttpOnly', 'JSESSIONID=c; Path=/genesys'];

describe('the Application Gateway rewrite emulator (Microsoft\'s documented semantics)', () => {
  it('reproduces the documented trap: a Set-Cookie rewrite without headerValueMatcher keeps one header and drops the others', () => {
    const plain = ruleSet(setCookieRule('plain', 1, 'BAYEUX_BROWSER=b; HttpOnly; Secure; Partitioned'));
    expect(rewriteSetCookies(plain, COOKIES)).toEqual(['BAYEUX_BROWSER=b; HttpOnly; Secure; Partitioned']);
  });

  it('rewrites only the Set-Cookie headers the matcher selects, with its captures, keeping the others in place', () => {
    const one = ruleSet(setCookieRule('one', 1, '{capt_header_value_matcher_1}=X{capt_header_value_matcher_2}', { pattern: '^(BAYEUX_BROWSER)=[^;]*(.*)$' }));
    expect(rewriteSetCookies(one, COOKIES)).toEqual([COOKIES[0], 'BAYEUX_BROWSER=X; HttpOnly', COOKIES[2]]);
  });

  it('rewrites every header the matcher selects, not only the first', () => {
    const all = ruleSet(setCookieRule('all', 1, '{capt_header_value_matcher}; Secure', { pattern: 'Path=' }));
    expect(rewriteSetCookies(all, COOKIES)).toEqual([`${COOKIES[0]}; Secure`, COOKIES[1], `${COOKIES[2]}; Secure`]);
  });

  it('searches unanchored, honours ignoreCase, and fills a group that did not take part with nothing', () => {
    const search = ruleSet(setCookieRule('search', 1, '[{capt_header_value_matcher_1}|{capt_header_value_matcher_2}]', { pattern: 'httponly|(genesys)', ignoreCase: true }));
    expect(rewriteSetCookies(search, COOKIES)).toEqual([COOKIES[0], '[|]', '[genesys|]']);
  });

  it('with negate, rewrites the headers that do not match, without captures', () => {
    const negated = ruleSet(setCookieRule('negated', 1, 'n={capt_header_value_matcher_1}', { pattern: '^(BAYEUX_BROWSER)=', negate: true }));
    expect(rewriteSetCookies(negated, COOKIES)).toEqual(['n=', COOKIES[1], 'n=']);
  });

  it('deletes the selected headers when the header value is empty or missing', () => {
    expect(rewriteSetCookies(ruleSet(setCookieRule('delete', 1, '', { pattern: '^JSESSIONID=' })), COOKIES)).toEqual(COOKIES.slice(0, 2));
    expect(rewriteSetCookies(ruleSet(setCookieRule('delete', 1, undefined, { pattern: '^JSESSIONID=' })), COOKIES)).toEqual(COOKIES.slice(0, 2));
  });

  it('runs rules by ruleSequence, lowest first, each on what the previous left', () => {
    const second = setCookieRule('second', 20, '{capt_header_value_matcher_1}-2', { pattern: '^(BAYEUX_BROWSER=b-1)' });
    const first = setCookieRule('first', 10, '{capt_header_value_matcher_1}-1', { pattern: '^(BAYEUX_BROWSER=b)' });
    expect(rewriteSetCookies(ruleSet(second, first), ['BAYEUX_BROWSER=b'])).toEqual(['BAYEUX_BROWSER=b-1-2']);
  });

  it('runs a rule only when all its conditions hold', () => {
    const onStatus = (pattern: string, negate = false): AppGatewayRewriteRuleSet => ruleSet(setCookieRule('rule', 1, 'x=1', { pattern: '^BAYEUX' }, [
      { variable: 'http_resp_Set-Cookie', pattern: 'BAYEUX', ignoreCase: false, negate: false },
      { variable: 'var_http_status', pattern, ignoreCase: false, negate },
    ]));
    expect(rewriteSetCookies(onStatus('^2'), COOKIES, { statusCode: 200 })).toContain('x=1');
    expect(rewriteSetCookies(onStatus('^2'), COOKIES, { statusCode: 500 })).toEqual(COOKIES);
    expect(rewriteSetCookies(onStatus('^2', true), COOKIES, { statusCode: 500 })).toContain('x=1');
    expect(() => rewriteSetCookies(onStatus('^2'), COOKIES)).toThrow(/pass response.statusCode/);
  });

  it('treats a condition on a missing Set-Cookie as not holding', () => {
    const guarded = ruleSet(setCookieRule('guarded', 1, 'x=1', undefined, [{ variable: 'http_resp_Set-Cookie', pattern: '.*', ignoreCase: true, negate: false }]));
    expect(rewriteSetCookies(guarded, [])).toEqual([]);
  });

  it('does nothing on responses the gateway generates itself (redirects, its own 4xx/5xx)', () => {
    expect(rewriteSetCookies(ruleSet(setCookieRule('plain', 1, 'x=1')), COOKIES, { statusCode: 502, generatedByGateway: true })).toEqual(COOKIES);
  });

  it('refuses to guess what it does not emulate', () => {
    expect(() => rewriteSetCookies(ruleSet(setCookieRule('var', 1, '{var_client_ip}', { pattern: '.' })), COOKIES)).toThrow(/placeholder \{var_client_ip\} is not emulated/);
    expect(() => rewriteSetCookies(ruleSet(setCookieRule('cond', 1, 'x', { pattern: '.' }, [{ variable: 'http_req_User-Agent', pattern: '.', ignoreCase: false, negate: false }])), COOKIES))
      .toThrow(/condition variable "http_req_User-Agent" is not emulated/);
  });
});

describe('finding the gateway in a cdk.tf.json', () => {
  const body = { properties: { sku: { name: 'Standard_v2' } } };
  const tfJson = (gatewayBody: unknown): unknown => ({
    resource: { azapi_resource: { other: { type: 'Microsoft.Network/publicIPAddresses@2024-05-01', name: 'x', body: {} }, gw: { type: 'Microsoft.Network/applicationGateways@2024-05-01', name: 'agw', body: gatewayBody } } },
  });

  it('returns the body of the one applicationGateways azapi_resource, parsing a JSON string body (azapi 1.x)', () => {
    expect(findApplicationGatewayBody(tfJson(body))).toEqual(body);
    expect(findApplicationGatewayBody(tfJson(JSON.stringify(body)))).toEqual(body);
    expect(findApplicationGatewayBody(JSON.stringify(tfJson(body)))).toEqual(body);
  });

  it('fails clearly when there is no gateway or no cdk.tf.json', () => {
    expect(() => findApplicationGatewayBody({ resource: {} })).toThrow(/expected exactly one azapi_resource of type Microsoft.Network\/applicationGateways@…, found 0/);
    expect(() => findApplicationGatewayBody({})).toThrow(/run `npm run synth:azure` first/);
  });
});

describe('routing a request through a gateway body', () => {
  const id = (collection: string, name: string): { id: string } => ({ id: `/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/agw/${collection}/${name}` });
  const rewrite = ruleSet(setCookieRule('r', 1, 'x', { pattern: '.' }));
  const body = {
    properties: {
      httpListeners: [
        { name: 'a', properties: { protocol: 'Https', hostNames: ['a.example'], frontendPort: id('frontendPorts', 'p'), frontendIPConfiguration: id('frontendIPConfigurations', 'f') } },
        { name: 'b', properties: { protocol: 'Https', frontendPort: id('frontendPorts', 'p'), frontendIPConfiguration: id('frontendIPConfigurations', 'f') } },
      ],
      requestRoutingRules: [
        { name: 'rule-b', properties: { ruleType: 'PathBasedRouting', priority: 20, httpListener: id('httpListeners', 'b'), urlPathMap: id('urlPathMaps', 'map') } },
        { name: 'rule-a', properties: { ruleType: 'Basic', priority: 10, httpListener: id('httpListeners', 'a'), backendAddressPool: id('backendAddressPools', 'pa'), backendHttpSettings: id('backendHttpSettingsCollection', 's') } },
      ],
      urlPathMaps: [{
        name: 'map',
        properties: {
          defaultBackendAddressPool: id('backendAddressPools', 'default'),
          defaultBackendHttpSettings: id('backendHttpSettingsCollection', 's'),
          defaultRewriteRuleSet: id('rewriteRuleSets', 'set'),
          pathRules: [
            { name: 'exact', properties: { paths: ['/x'], backendAddressPool: id('backendAddressPools', 'px'), backendHttpSettings: id('backendHttpSettingsCollection', 's') } },
            { name: 'prefix', properties: { paths: ['/y/*'], backendAddressPool: id('backendAddressPools', 'py'), backendHttpSettings: id('backendHttpSettingsCollection', 's'), rewriteRuleSet: id('rewriteRuleSets', 'set') } },
          ],
        },
      }],
      rewriteRuleSets: [rewrite],
    },
  } as unknown as ArmApplicationGatewayBody;

  it('takes the lowest priority rule of the matching listener, then the first matching path rule or the default', () => {
    expect(routeRequest(body, { path: '/x', host: 'a.example' })).toEqual({ routingRuleName: 'rule-a', backendAddressPoolName: 'pa', rewriteRuleSet: undefined, redirect: false });
    expect(routeRequest(body, { path: '/X?q=1', host: 'b.example' })).toMatchObject({ pathRuleName: 'exact', backendAddressPoolName: 'px', rewriteRuleSet: undefined });
    expect(routeRequest(body, { path: '/y/z/w', host: 'b.example' })).toMatchObject({ pathRuleName: 'prefix', backendAddressPoolName: 'py', rewriteRuleSet: rewrite });
    const fallback = routeRequest(body, { path: '/y', host: 'b.example' });
    expect(fallback).toMatchObject({ backendAddressPoolName: 'default', rewriteRuleSet: rewrite });
    expect(fallback.pathRuleName).toBeUndefined();
    expect(() => routeRequest(body, { path: '/', protocol: 'Http' })).toThrow(/no routing rule for a Http listener/);
  });
});
