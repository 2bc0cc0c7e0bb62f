/**
 * `gms-edge-constructs/verify`: prove a live edge from outside, the way a browser will use it.
 * Loads neither aws-cdk-lib nor cdktf; `--browser` loads playwright-core only when asked.
 */
export * from './types';
export { verifyEdge, validateVerifyOptions, VerifyUsageError } from './verify';
export { formatReport, reportJson } from './report';
export { parseVerifyArgs, main as runVerifyCommand, USAGE as VERIFY_USAGE } from './cli';
export { parseResolveEntry } from './http-client';
export { parseSetCookie, crossSiteProblems, type ParsedSetCookie } from './set-cookie';
export { ADMIN_PATHS } from './checks';
