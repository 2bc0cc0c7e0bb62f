import * as acorn from 'acorn';
import { lambdaEdgeHandlerCode } from '../../lib';
import { loadLambdaEdgeHandler, originResponseEvent, runLambdaEdgeOnSetCookies } from '../support/edge-runtime';

describe('the Lambda@Edge origin-response handler', () => {
  const code = lambdaEdgeHandlerCode();
  const handler = loadLambdaEdgeHandler(code);

  it('is a dependency-free CommonJS module: no require, no environment variables', () => {
    const identifiers = new Set<string>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(visit);
      } else if (node && typeof node === 'object') {
        if ((node as acorn.AnyNode).type === 'Identifier') {
          identifiers.add((node as acorn.Identifier).name);
        }
        Object.values(node).forEach(visit);
      }
    };
    visit(acorn.parse(code, { ecmaVersion: 2022, sourceType: 'script' }));
    expect(identifiers.has('require')).toBe(false);
    expect(identifiers.has('process')).toBe(false);
    expect(identifiers.has('exports')).toBe(true);
  });

  it('rewrites error responses too, which the CloudFront Function cannot see', async () => {
    await expect(runLambdaEdgeOnSetCookies(handler, ['BAYEUX_BROWSER=x; HttpOnly'], 503))
      .resolves.toEqual(['BAYEUX_BROWSER=x; HttpOnly; SameSite=None; Secure; Path=/; Partitioned']);
  });

  it('keeps each header object and its key, changing only the value', async () => {
    const event = originResponseEvent(['a=1', 'b=2; Path=/b']);
    const headersBefore = event.Records[0].cf.response.headers['set-cookie'];
    const response = await handler(event);
    expect(response.headers['set-cookie']).toBe(headersBefore);
    expect(response.headers['set-cookie']).toEqual([
      { key: 'Set-Cookie', value: 'a=1; SameSite=None; HttpOnly; Secure; Path=/; Partitioned' },
      { key: 'Set-Cookie', value: 'b=2; Path=/b; SameSite=None; HttpOnly; Secure; Partitioned' },
    ]);
    expect(response.headers['content-type']).toEqual([{ key: 'Content-Type', value: 'application/json;charset=UTF-8' }]);
  });

  it('returns responses without Set-Cookie untouched', async () => {
    const event = originResponseEvent([]);
    await expect(handler(event)).resolves.toBe(event.Records[0].cf.response);
    expect(event.Records[0].cf.response.headers['set-cookie']).toBeUndefined();
  });

  it('never rejects: malformed header entries are skipped and the rest rewritten', async () => {
    const event = originResponseEvent(['good=1']);
    const setCookie = event.Records[0].cf.response.headers['set-cookie'] as unknown[];
    setCookie.unshift(null, { key: 'Set-Cookie' }, { value: 7 });
    Object.defineProperty(setCookie, 4, { enumerable: true, get: () => { throw new Error('boom'); } });
    const response = await handler(event);
    expect((response.headers['set-cookie'] as unknown[])[3]).toEqual({ key: 'Set-Cookie', value: 'good=1; SameSite=None; HttpOnly; Secure; Path=/; Partitioned' });
    const noHeaders = originResponseEvent([]);
    delete (noHeaders.Records[0].cf.response as { headers?: unknown }).headers;
    await expect(handler(noHeaders)).resolves.toBe(noHeaders.Records[0].cf.response);
  });
});
