/**
 * Set-Cookie values the edge meets, with what the default policy must make of them.
 * Every enforcement point (the pure function, the CloudFront Function, the Lambda@Edge handler)
 * is held to this one table.
 */
export interface RewriteCase {
  readonly title: string;
  readonly input: string;
  readonly expected: string;
}

const EXPIRES = 'Expires=Tue, 01 Dec 2026 10:00:00 GMT';
const ALB_VALUE = 'uPbPb1TV7wI5TPO3XBxl6nGxlxaFh0LDtKNx4tvCaYXIIiakXsEB1R3p7xEnE2DHKq1EOwLRaKGUGR9Y1mMq8RSLoDAuMgFbRdKCj+rCc3xsh/R0GKvZ/oBYe7Ia';

export const REAL_COOKIES: RewriteCase[] = [
  {
    title: 'Java CometD BAYEUX_BROWSER behind a TLS-terminating balancer (no Secure, no SameSite)',
    input: 'BAYEUX_BROWSER=533bkb4ydvdrti9gz9zxs3fgfv; Path=/; HttpOnly',
    expected: 'BAYEUX_BROWSER=533bkb4ydvdrti9gz9zxs3fgfv; Path=/; HttpOnly; SameSite=None; Secure; Partitioned',
  },
  {
    title: 'cometd-nodejs-server BAYEUX_BROWSER with its default options (no Path)',
    input: 'BAYEUX_BROWSER=9f2b6c0d41e8a7735b1c2d3e4f5061728394a5b6; HttpOnly',
    expected: 'BAYEUX_BROWSER=9f2b6c0d41e8a7735b1c2d3e4f5061728394a5b6; HttpOnly; SameSite=None; Secure; Path=/; Partitioned',
  },
  {
    title: 'GMS Jetty JSESSIONID keeps its Path=/genesys',
    input: 'JSESSIONID=node0x4kq9wkc1hdh1c8i4wv5yh9rz2.node0; Path=/genesys; HttpOnly',
    expected: 'JSESSIONID=node0x4kq9wkc1hdh1c8i4wv5yh9rz2.node0; Path=/genesys; HttpOnly; SameSite=None; Secure; Partitioned',
  },
  {
    title: 'ALB duration-based stickiness AWSALB (Expires with a comma)',
    input: `AWSALB=${ALB_VALUE}; ${EXPIRES}; Path=/`,
    expected: `AWSALB=${ALB_VALUE}; ${EXPIRES}; Path=/; SameSite=None; HttpOnly; Secure; Partitioned`,
  },
  {
    title: 'ALB AWSALBCORS already SameSite=None; Secure',
    input: `AWSALBCORS=${ALB_VALUE}; ${EXPIRES}; Path=/; SameSite=None; Secure`,
    expected: `AWSALBCORS=${ALB_VALUE}; ${EXPIRES}; Path=/; SameSite=None; Secure; HttpOnly; Partitioned`,
  },
  {
    title: 'ALB application-based stickiness AWSALBAPP-0',
    input: `AWSALBAPP-0=AAAAAAAAAAD9mGLUpsAb4zF0CyjE+B4Hr8qpz4VvU5Wt0mnlHRF1UHqlj+sJ2KOQJt2q; ${EXPIRES}; Path=/`,
    expected: `AWSALBAPP-0=AAAAAAAAAAD9mGLUpsAb4zF0CyjE+B4Hr8qpz4VvU5Wt0mnlHRF1UHqlj+sJ2KOQJt2q; ${EXPIRES}; Path=/; SameSite=None; HttpOnly; Secure; Partitioned`,
  },
  {
    title: 'ALB weighted target group stickiness AWSALBTG',
    input: `AWSALBTG=${ALB_VALUE}; ${EXPIRES}; Path=/`,
    expected: `AWSALBTG=${ALB_VALUE}; ${EXPIRES}; Path=/; SameSite=None; HttpOnly; Secure; Partitioned`,
  },
  {
    title: 'ALB AWSALBTGCORS',
    input: `AWSALBTGCORS=${ALB_VALUE}; ${EXPIRES}; Path=/; SameSite=None; Secure`,
    expected: `AWSALBTGCORS=${ALB_VALUE}; ${EXPIRES}; Path=/; SameSite=None; Secure; HttpOnly; Partitioned`,
  },
  {
    title: 'Application Gateway ApplicationGatewayAffinity (Path=/ only)',
    input: 'ApplicationGatewayAffinity=8e1f0b7a4c3d2e1f0a9b8c7d6e5f4a3b; Path=/',
    expected: 'ApplicationGatewayAffinity=8e1f0b7a4c3d2e1f0a9b8c7d6e5f4a3b; Path=/; SameSite=None; HttpOnly; Secure; Partitioned',
  },
  {
    title: 'Application Gateway ApplicationGatewayAffinityCORS',
    input: 'ApplicationGatewayAffinityCORS=8e1f0b7a4c3d2e1f0a9b8c7d6e5f4a3b; Path=/; SameSite=None; Secure',
    expected: 'ApplicationGatewayAffinityCORS=8e1f0b7a4c3d2e1f0a9b8c7d6e5f4a3b; Path=/; SameSite=None; Secure; HttpOnly; Partitioned',
  },
];

export const POLICY_CASES: RewriteCase[] = [
  {
    title: 'replaces SameSite=Lax in place rather than appending after it',
    input: 'a=b; SameSite=Lax; Path=/x',
    expected: 'a=b; SameSite=None; Path=/x; HttpOnly; Secure; Partitioned',
  },
  {
    title: 'replaces every SameSite, so no Lax or Strict is left to win as the last one',
    input: 'a=b; SameSite=Strict; Secure; samesite=lax',
    expected: 'a=b; SameSite=None; Secure; samesite=None; HttpOnly; Path=/; Partitioned',
  },
  {
    title: 'gives a valueless SameSite the value None',
    input: 'a=b; SameSite; Path=/',
    expected: 'a=b; SameSite=None; Path=/; HttpOnly; Secure; Partitioned',
  },
  {
    title: 'treats attribute names case-insensitively and keeps their spelling',
    input: 'a=b; secure; HTTPONLY; samesite=NONE; PATH=/; partitioned',
    expected: 'a=b; secure; HTTPONLY; samesite=NONE; PATH=/; partitioned',
  },
  {
    title: 'counts Partitioned=x as present',
    input: 'a=b; Partitioned=x; Secure; HttpOnly; SameSite=None; Path=/',
    expected: 'a=b; Partitioned=x; Secure; HttpOnly; SameSite=None; Path=/',
  },
  {
    title: 'leaves a cookie that is already right byte for byte, trailing semicolon included',
    input: 'BAYEUX_BROWSER=533bkb4ydvdrti9gz9zxs3fgfv; SameSite=None; HttpOnly; Secure; Path=/; Partitioned;',
    expected: 'BAYEUX_BROWSER=533bkb4ydvdrti9gz9zxs3fgfv; SameSite=None; HttpOnly; Secure; Path=/; Partitioned;',
  },
  {
    title: 'keeps Domain, Max-Age, Expires and unknown attributes in their order',
    input: `sid=a%3Db==; Domain=.example.com; Max-Age=3600; ${EXPIRES}; Priority=High; X-Custom=1`,
    expected: `sid=a%3Db==; Domain=.example.com; Max-Age=3600; ${EXPIRES}; Priority=High; X-Custom=1; SameSite=None; HttpOnly; Secure; Path=/; Partitioned`,
  },
  {
    title: 'keeps the value bytes, quotes and inner spaces included',
    input: 'q="a b, c"; path=/chat',
    expected: 'q="a b, c"; path=/chat; SameSite=None; HttpOnly; Secure; Partitioned',
  },
  {
    title: 'keeps an empty Path, which the origin chose (a browser uses the default-path)',
    input: 'a=b; Path=',
    expected: 'a=b; Path=; SameSite=None; HttpOnly; Secure; Partitioned',
  },
  {
    title: 'appends after the last real attribute, not after trailing empty segments',
    input: 'a=b;; Path=/; ;',
    expected: 'a=b;; Path=/; SameSite=None; HttpOnly; Secure; Partitioned',
  },
  {
    title: 'appends to a bare name=value',
    input: 'a=b',
    expected: 'a=b; SameSite=None; HttpOnly; Secure; Path=/; Partitioned',
  },
  {
    title: 'appends to an empty value',
    input: 'a=',
    expected: 'a=; SameSite=None; HttpOnly; Secure; Path=/; Partitioned',
  },
  {
    title: 'partitions a deletion cookie too, so it deletes the partitioned cookie it set',
    input: `BAYEUX_BROWSER=; Max-Age=0; ${EXPIRES}; Path=/`,
    expected: `BAYEUX_BROWSER=; Max-Age=0; ${EXPIRES}; Path=/; SameSite=None; HttpOnly; Secure; Partitioned`,
  },
  {
    title: 'partitions a nameless cookie, which a browser stores under the empty name',
    input: 'token',
    expected: 'token; SameSite=None; HttpOnly; Secure; Path=/; Partitioned',
  },
  {
    title: 'keeps __Host- cookies valid (Secure, Path=/, no Domain)',
    input: '__Host-id=1; HttpOnly',
    expected: '__Host-id=1; HttpOnly; SameSite=None; Secure; Path=/; Partitioned',
  },
  {
    title: 'ignores an attribute whose value exceeds 1024 octets, as browsers do',
    input: `a=b; Secure=${'x'.repeat(1025)}; SameSite=None; HttpOnly; Path=/; Partitioned`,
    expected: `a=b; Secure=${'x'.repeat(1025)}; SameSite=None; HttpOnly; Path=/; Partitioned; Secure`,
  },
];

/** Values a browser ignores: they pass through unchanged. */
export const MALFORMED: Array<{ title: string; input: string }> = [
  { title: 'an empty header', input: '' },
  { title: 'only whitespace', input: '  \t ' },
  { title: 'an empty name and value', input: '=; Path=/' },
  { title: 'a control character in the value', input: 'a=b\u0001c; Path=/' },
  { title: 'a control character in an attribute', input: 'a=b; Path=/\u0000' },
  { title: 'a line feed', input: 'a=b\nSet-Cookie: c=d' },
  { title: 'a name and value over 4096 octets', input: `big=${'é'.repeat(2048)}` },
  { title: 'a nameless value that imitates a __Host- prefix', input: '__Host-x; Path=/' },
];
