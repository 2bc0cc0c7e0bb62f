import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { CookiePolicy, cloudFrontFunctionCode } from '../../lib/cookie';
import { PartitionedCookieFunction } from '../../lib/aws';
import { REAL_COOKIES } from '../cookie/cases';
import { loadCloudFrontFunction, runCloudFrontFunctionOnSetCookies } from '../support/edge-runtime';

function synth(props: ConstructorParameters<typeof PartitionedCookieFunction>[2] = {}) {
  const stack = new Stack(new App(), 'Test');
  const construct = new PartitionedCookieFunction(stack, 'Cookies', props);
  const template = Template.fromStack(stack);
  const functions = Object.values(template.findResources('AWS::CloudFront::Function'));
  expect(functions).toHaveLength(1);
  const properties = functions[0].Properties as { FunctionCode: string; FunctionConfig: { Runtime: string; Comment: string }; AutoPublish: boolean };
  return { stack, construct, template, properties };
}

const HANDSHAKE_SET_COOKIES = REAL_COOKIES.filter((c) => /^(BAYEUX_BROWSER|JSESSIONID|AWSALB|AWSALBCORS)=/.test(c.input));

describe('PartitionedCookieFunction', () => {
  it('deploys exactly the engine\'s code, byte for byte, on runtime cloudfront-js-2.0, published to LIVE', () => {
    const { properties, construct } = synth();
    expect(properties.FunctionCode).toBe(cloudFrontFunctionCode());
    expect(construct.code).toBe(properties.FunctionCode);
    expect(properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(properties.AutoPublish).toBe(true);
  });

  it('bakes a custom cookie policy into the code', () => {
    const policy = { cookieNames: ['BAYEUX_BROWSER', 'AWSALB*'] };
    const { properties, construct } = synth({ cookiePolicy: policy });
    expect(properties.FunctionCode).toBe(cloudFrontFunctionCode(policy));
    expect(construct.cookiePolicy.cookieNames).toEqual(['BAYEUX_BROWSER', 'AWSALB*']);
    const handler = loadCloudFrontFunction(properties.FunctionCode);
    const [bayeux, other] = runCloudFrontFunctionOnSetCookies(handler, ['BAYEUX_BROWSER=abc; HttpOnly', 'OTHER=1']);
    expect(bayeux).toBe('BAYEUX_BROWSER=abc; HttpOnly; SameSite=None; Secure; Path=/; Partitioned');
    expect(other).toBe('OTHER=1');
  });

  it('makes the cookies of a real GMS handshake partitioned when the template\'s code runs', () => {
    const { properties } = synth();
    const handler = loadCloudFrontFunction(properties.FunctionCode);
    const output = runCloudFrontFunctionOnSetCookies(handler, HANDSHAKE_SET_COOKIES.map((c) => c.input));
    expect(output).toEqual(HANDSHAKE_SET_COOKIES.map((c) => c.expected));
    for (const header of output) {
      const attributes = header.split(';').slice(1).map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['samesite=none', 'secure', 'partitioned']));
    }
  });

  it('exposes the viewer-response association for a behavior', () => {
    const { construct } = synth();
    expect(construct.functionAssociation.eventType).toBe(cloudfront.FunctionEventType.VIEWER_RESPONSE);
    expect(construct.functionAssociation.function).toBe(construct.function);
  });

  describe('composed with your own viewer-response code', () => {
    const precedingViewerResponseCode = [
      'function handler(event) {',
      '  var response = event.response;',
      "  response.headers['x-frame-options'] = { value: 'DENY' };",
      '  return response;',
      '}',
    ].join('\n');

    it('runs your handler first, then partitions the cookies, in one function', async () => {
      const { properties } = synth({ precedingViewerResponseCode });
      expect(properties.FunctionCode).toContain(cloudFrontFunctionCode());
      expect(properties.FunctionCode).toContain(precedingViewerResponseCode);
      const handler = loadCloudFrontFunction(properties.FunctionCode) as unknown as (event: unknown) => Promise<{ headers: Record<string, { value: string }>; cookies: Record<string, { value: string; attributes: string }> }>;
      const response = await handler({
        version: '1.0',
        context: { eventType: 'viewer-response' },
        request: { method: 'POST', uri: '/genesys/cometd/handshake', headers: {}, cookies: {}, querystring: {} },
        response: { statusCode: 200, headers: {}, cookies: { BAYEUX_BROWSER: { value: 'abc', attributes: 'HttpOnly' } } },
      });
      expect(response.headers['x-frame-options']).toEqual({ value: 'DENY' });
      expect(response.cookies.BAYEUX_BROWSER.attributes).toBe('HttpOnly; SameSite=None; Secure; Path=/; Partitioned');
    });

    it('rejects code without a handler', () => {
      expect(() => synth({ precedingViewerResponseCode: 'var x = 1;' })).toThrow(/precedingViewerResponseCode must define a top-level function named handler/);
    });

    it('rejects code that does not compile', () => {
      expect(() => synth({ precedingViewerResponseCode: 'function handler(event) {' })).toThrow(/precedingViewerResponseCode does not load/);
    });

    it('rejects code that imports a module (imports only work at the top level)', () => {
      expect(() => synth({ precedingViewerResponseCode: "import cf from 'cloudfront';\nfunction handler(e) { return e.response; }" }))
        .toThrow(/precedingViewerResponseCode uses import/);
    });

    it('rejects a composition above the 10 KB CloudFront Functions limit, naming the sizes', () => {
      const big = `function handler(event) { var pad = '${'x'.repeat(9000)}'; return event.response; }`;
      expect(() => synth({ precedingViewerResponseCode: big })).toThrow(/precedingViewerResponseCode makes the function \d+ bytes; CloudFront Functions accept at most 10240 bytes/);
    });
  });

  it('rejects an invalid cookie policy, naming the property', () => {
    expect(() => synth({ cookiePolicy: { cookieNames: ['bad name'] } })).toThrow(/Test\/Cookies: cookiePolicy is invalid: CookiePolicy: cookieNames\[0\]/);
  });

  it('accepts a CookiePolicy instance as well as props', () => {
    const policy = new CookiePolicy({ httpOnly: false });
    const { properties } = synth({ cookiePolicy: policy });
    expect(properties.FunctionCode).toBe(cloudFrontFunctionCode(policy));
  });
});
