import { CookiePolicy, cloudFrontFunctionCode, lambdaEdgeHandlerCode, partitionSetCookie } from '../../lib';
import {
  fromCloudFrontCookies,
  loadCloudFrontFunction,
  loadLambdaEdgeHandler,
  runCloudFrontFunctionOnSetCookies,
  runLambdaEdgeOnSetCookies,
  toCloudFrontCookies,
} from '../support/edge-runtime';
import { isCrossSitePartitioned, parseSetCookie } from '../support/rfc6265bis';
import { MALFORMED, POLICY_CASES, REAL_COOKIES, RewriteCase } from './cases';

const cloudFrontFunction = loadCloudFrontFunction(cloudFrontFunctionCode());
const lambdaEdgeHandler = loadLambdaEdgeHandler(lambdaEdgeHandlerCode());

/** CloudFront hands the function name, value and attributes apart and joins them with '; '. */
function asCloudFrontWouldSerialise(header: string): string {
  return fromCloudFrontCookies(toCloudFrontCookies([header]))[0];
}

describe.each<[string, RewriteCase[]]>([
  ['real GMS and balancer cookies', REAL_COOKIES],
  ['the policy rules of DESIGN.md §3', POLICY_CASES],
])('every enforcement point on %s', (_group, cases) => {
  describe.each(cases)('$title', ({ input, expected }) => {
    it('partitionSetCookie gives the expected header', () => {
      expect(partitionSetCookie(input)).toBe(expected);
    });

    it('the CloudFront Function gives the same cookie', () => {
      expect(runCloudFrontFunctionOnSetCookies(cloudFrontFunction, [input])).toEqual([asCloudFrontWouldSerialise(expected)]);
    });

    it('the Lambda@Edge handler gives the same header', async () => {
      await expect(runLambdaEdgeOnSetCookies(lambdaEdgeHandler, [input])).resolves.toEqual([expected]);
    });

    it('a browser stores the result as a cross-site partitioned cookie with its name and value', () => {
      const before = parseSetCookie(input);
      const after = parseSetCookie(expected);
      expect(isCrossSitePartitioned(after)).toBe(true);
      expect(after?.httpOnly).toBe(true);
      expect(after?.name).toBe(before?.name);
      expect(after?.value).toBe(before?.value);
      expect(after?.domain).toBe(before?.domain);
      expect(after?.maxAge).toBe(before?.maxAge);
      expect(after?.expires).toBe(before?.expires);
      expect(after?.path).toBe(before?.attributes.some((a) => a.name.toLowerCase() === 'path') ? before?.path : '/');
    });

    it('is idempotent', () => {
      expect(partitionSetCookie(expected)).toBe(expected);
    });
  });
});

describe('values a browser would ignore', () => {
  it.each(MALFORMED)('pass through unchanged: $title', async ({ input }) => {
    expect(parseSetCookie(input)).toBeUndefined();
    expect(partitionSetCookie(input)).toBe(input);
    await expect(runLambdaEdgeOnSetCookies(lambdaEdgeHandler, [input])).resolves.toEqual([input]);
  });

  it('non-string values come back as they are instead of throwing', () => {
    for (const value of [undefined, null, 42, {}, ['a=b']]) {
      expect(partitionSetCookie(value as string)).toBe(value);
    }
  });
});

describe('a GMS handshake response with several Set-Cookie headers', () => {
  const handshake = [REAL_COOKIES[0].input, REAL_COOKIES[3].input, REAL_COOKIES[4].input, REAL_COOKIES[2].input];

  it('the Lambda@Edge handler rewrites each header on its own, none lost, none combined', async () => {
    const out = await runLambdaEdgeOnSetCookies(lambdaEdgeHandler, handshake);
    expect(out).toHaveLength(handshake.length);
    expect(out).toEqual(handshake.map((header) => partitionSetCookie(header)));
  });

  it('the CloudFront Function rewrites every cookie in the cookies object', () => {
    const out = runCloudFrontFunctionOnSetCookies(cloudFrontFunction, handshake);
    expect(out.map((header) => parseSetCookie(header)?.name)).toEqual(['BAYEUX_BROWSER', 'AWSALB', 'AWSALBCORS', 'JSESSIONID']);
    expect(out.every((header) => isCrossSitePartitioned(parseSetCookie(header)))).toBe(true);
  });
});

describe('a policy limited to some cookies', () => {
  const policy = new CookiePolicy({ cookieNames: ['BAYEUX_BROWSER', 'AWSALB*'], excludeCookieNames: ['AWSALBTG*'] });

  it('rewrites the listed names and prefixes', () => {
    expect(partitionSetCookie('BAYEUX_BROWSER=x; HttpOnly', policy)).toBe('BAYEUX_BROWSER=x; HttpOnly; SameSite=None; Secure; Path=/; Partitioned');
    expect(partitionSetCookie('AWSALBCORS=x; Path=/; SameSite=None; Secure', policy)).toBe('AWSALBCORS=x; Path=/; SameSite=None; Secure; HttpOnly; Partitioned');
  });

  it('leaves other cookies, excluded ones and nameless ones untouched', () => {
    for (const header of ['JSESSIONID=x; Path=/genesys', 'AWSALBTG=x; Path=/', 'AWSALBTGCORS=x; Path=/', 'token', 'bayeux_browser=x']) {
      expect(partitionSetCookie(header, policy)).toBe(header);
    }
  });

  it('is enforced identically by the generated edge code', async () => {
    const cf = loadCloudFrontFunction(cloudFrontFunctionCode(policy));
    const lambda = loadLambdaEdgeHandler(lambdaEdgeHandlerCode(policy));
    const headers = ['BAYEUX_BROWSER=x; HttpOnly', 'JSESSIONID=y; Path=/genesys', 'AWSALBTG=z; Path=/', 'AWSALB=w; Path=/'];
    const expected = headers.map((header) => partitionSetCookie(header, policy));
    await expect(runLambdaEdgeOnSetCookies(lambda, headers)).resolves.toEqual(expected);
    expect(runCloudFrontFunctionOnSetCookies(cf, headers)).toEqual(expected.map(asCloudFrontWouldSerialise));
  });
});

describe('attribute options', () => {
  it('httpOnly: false adds no HttpOnly but keeps an existing one', () => {
    const policy = { httpOnly: false };
    expect(partitionSetCookie('a=b', policy)).toBe('a=b; SameSite=None; Secure; Path=/; Partitioned');
    expect(partitionSetCookie('a=b; HttpOnly', policy)).toBe('a=b; HttpOnly; SameSite=None; Secure; Path=/; Partitioned');
  });

  it('rootPath: false adds no Path', () => {
    expect(partitionSetCookie('a=b', { rootPath: false })).toBe('a=b; SameSite=None; HttpOnly; Secure; Partitioned');
  });

  it('appends exactly the attributes the policy says it ensures, in that order', () => {
    for (const props of [{}, { httpOnly: false }, { rootPath: false }, { httpOnly: false, rootPath: false }]) {
      const policy = new CookiePolicy(props);
      expect(partitionSetCookie('a=b', policy)).toBe(['a=b', ...policy.ensuredAttributes].join('; '));
    }
  });
});
