import { CookiePolicy } from '../../lib';

describe('CookiePolicy', () => {
  it('targets every cookie and ensures all five attributes by default', () => {
    const policy = CookiePolicy.DEFAULT;
    expect(policy.targetsAllCookies).toBe(true);
    expect(policy.appliesTo('anything')).toBe(true);
    expect(policy.ensuredAttributes).toEqual(['SameSite=None', 'HttpOnly', 'Secure', 'Path=/', 'Partitioned']);
    expect(CookiePolicy.of()).toBe(CookiePolicy.DEFAULT);
  });

  it('matches exact names case-sensitively and PREFIX* patterns by prefix', () => {
    const policy = CookiePolicy.of({ cookieNames: ['BAYEUX_BROWSER', 'AWSALB*'] });
    expect(policy.targetsAllCookies).toBe(false);
    expect(policy.cookieNames).toEqual(['BAYEUX_BROWSER', 'AWSALB*']);
    expect(['BAYEUX_BROWSER', 'AWSALB', 'AWSALBCORS', 'AWSALBAPP-0'].map((name) => policy.appliesTo(name))).toEqual([true, true, true, true]);
    expect(['bayeux_browser', 'JSESSIONID', 'XAWSALB'].map((name) => policy.appliesTo(name))).toEqual([false, false, false]);
  });

  it('applies exclusions over every cookie and over prefixes', () => {
    expect(CookiePolicy.of({ excludeCookieNames: ['_ga*', 'consent'] }).appliesTo('_ga_123')).toBe(false);
    const policy = CookiePolicy.of({ cookieNames: ['AWSALB*'], excludeCookieNames: ['AWSALBTG*'] });
    expect(policy.appliesTo('AWSALBCORS')).toBe(true);
    expect(policy.appliesTo('AWSALBTGCORS')).toBe(false);
  });

  it('serialises to plain rules for the edge code', () => {
    expect(JSON.parse(JSON.stringify(new CookiePolicy({ cookieNames: ['A', 'B*'], httpOnly: false }).rules))).toEqual({
      all: false, names: ['A'], prefixes: ['B'], excludeNames: [], excludePrefixes: [], httpOnly: false, rootPath: true,
    });
  });

  it('passes an existing policy through CookiePolicy.of unchanged', () => {
    const policy = new CookiePolicy({ rootPath: false });
    expect(CookiePolicy.of(policy)).toBe(policy);
  });

  describe('rejects invalid options, naming the field', () => {
    it.each([
      [{ cookieNames: [] }, /cookieNames must be a non-empty list/],
      [{ excludeCookieNames: [] }, /excludeCookieNames must be a non-empty list/],
      [{ cookieNames: ['bad name'] }, /cookieNames\[0\] "bad name" is not a cookie name/],
      [{ cookieNames: ['ok', 'semi;colon'] }, /cookieNames\[1\] "semi;colon" is not a cookie name/],
      [{ cookieNames: ['*'] }, /cookieNames\[0\] "\*" is not a cookie name/],
      [{ cookieNames: ['A*B'] }, /cookieNames\[0\] "A\*B" is not a cookie name/],
      [{ cookieNames: ['A**'] }, /cookieNames\[0\] "A\*\*" is not a cookie name/],
      [{ cookieNames: ['A', 'A'] }, /cookieNames lists "A" twice/],
      [{ cookieNames: [42] }, /cookieNames\[0\] must be a string/],
      [{ cookieNames: ['A', 'B'], excludeCookieNames: ['B'] }, /excludeCookieNames entry "B" excludes cookieNames entry "B"/],
      [{ cookieNames: ['AWSALBCORS'], excludeCookieNames: ['AWSALB*'] }, /excludes cookieNames entry "AWSALBCORS"/],
      [{ cookieNames: ['AWSALBTG*'], excludeCookieNames: ['AWSALB*'] }, /excludes cookieNames entry "AWSALBTG\*"/],
      [{ cookieNames: ['A*'], excludeCookieNames: ['B'] }, /excludeCookieNames entry "B" matches no cookieNames entry/],
      [{ httpOnly: 'yes' }, /httpOnly must be true or false/],
      [{ rootPath: 1 }, /rootPath must be true or false/],
    ])('%j', (props, message) => {
      expect(() => new CookiePolicy(props as never)).toThrow(message);
    });
  });
});
