/**
 * `gms-edge-constructs/verify`: prove a live edge from outside, the way a browser will use it.
 * Loads neither aws-cdk-lib nor cdktf; `--browser` loads playwright-core only when asked.
 *
 * Named exports only: docs/api-report/gms-edge-constructs-verify.api.md records them (`npm run api`).
 *
 * @packageDocumentation
 * @module gms-edge-constructs/verify
 */
export { CHECK_IDS } from './types';
export type { CheckId, CheckStatus, CheckResult, ObservedCookie, VerifyReport, ResolveEntry, VerifyProgress, VerifyOptions } from './types';
export { verifyEdge, validateVerifyOptions, VerifyUsageError } from './verify';
export { formatReport, reportJson } from './report';
export { parseVerifyArgs, main as runVerifyCommand, USAGE as VERIFY_USAGE } from './cli';
export type { VerifyCommand } from './cli';
export { parseResolveEntry } from './http-client';
export { parseSetCookie, crossSiteProblems, type ParsedSetCookie, type SameSite } from './set-cookie';
export { ADMIN_PATHS } from './checks';
