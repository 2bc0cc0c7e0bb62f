/**
 * Which request paths the edge publishes: the chat API by default, nothing else.
 *
 * A chat widget needs CometD, Chat API v2 and its notifications. GMS also serves its Node API
 * (`/genesys/1/admin/*`, status changes included), the service management UI and its other
 * APIs under `/genesys`; none of that needs to face the internet. Patterns use the syntax both
 * balancers accept: a literal path, or a prefix ending in `/*` (Application Gateway allows `*`
 * only there; an ALB path pattern accepts it as well).
 */
import { GMS_CHAT_API_V2_PATH, GMS_CHAT_NOTIFICATIONS_PATH, GMS_COMETD_PATH } from './facts';

/** The paths the edge publishes by default: CometD, Chat API v2 and chat notifications. */
export const GMS_CHAT_PATH_PATTERNS: readonly string[] = [
  GMS_COMETD_PATH,
  `${GMS_COMETD_PATH}/*`,
  `${GMS_CHAT_API_V2_PATH}/*`,
  GMS_CHAT_NOTIFICATIONS_PATH,
  `${GMS_CHAT_NOTIFICATIONS_PATH}/*`,
];

/** The pattern that publishes every path (with a warning). */
export const GMS_EXPOSE_EVERYTHING = '/*';

const PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&=,;!()%]*\*?$/;

/** The exposure of an edge: the patterns routed to nodes, and whether that is everything. */
export interface GmsExposure {
  readonly pathPatterns: string[];
  readonly exposesEverything: boolean;
}

/** A problem with `additionalExposedPaths`, or the resolved exposure. */
export type ExposureResult = { readonly error: string; readonly property: string } | { readonly exposure: GmsExposure };

/**
 * The exposure from the `additionalExposedPaths` prop: the chat paths plus the given ones, or
 * everything when `/*` is among them. Pure; an error names the property (`additionalExposedPaths[i]`).
 */
export function resolveExposure(additionalExposedPaths: readonly string[] | undefined): ExposureResult {
  const extra = additionalExposedPaths ?? [];
  if (!Array.isArray(extra)) {
    return { property: 'additionalExposedPaths', error: 'must be a list of path patterns such as /genesys/1/service/callback/*' };
  }
  const seen = new Set<string>(GMS_CHAT_PATH_PATTERNS);
  const added: string[] = [];
  for (const [index, pattern] of extra.entries()) {
    if (typeof pattern !== 'string' || pattern.length > 128 || !PATTERN.test(pattern) || (pattern.endsWith('*') && !pattern.endsWith('/*'))) {
      return { property: `additionalExposedPaths[${index}]`, error: `must be a path starting with / of at most 128 characters, with * only as a final /* (the syntax both ALB and Application Gateway accept); got ${JSON.stringify(pattern)}` };
    }
    if (seen.has(pattern)) {
      return { property: `additionalExposedPaths[${index}]`, error: `${pattern} is listed twice (or is already a chat path: ${GMS_CHAT_PATH_PATTERNS.join(', ')})` };
    }
    seen.add(pattern);
    added.push(pattern);
  }
  if (added.includes(GMS_EXPOSE_EVERYTHING)) {
    return { exposure: { pathPatterns: [GMS_EXPOSE_EVERYTHING], exposesEverything: true } };
  }
  return { exposure: { pathPatterns: [...GMS_CHAT_PATH_PATTERNS, ...added], exposesEverything: false } };
}

/** Whether a request path is published by the exposure (the matching both balancers do). */
export function isPathExposed(exposure: GmsExposure, path: string): boolean {
  return exposure.pathPatterns.some((pattern) => pattern.endsWith('/*')
    ? path.startsWith(pattern.slice(0, -1))
    : path === pattern);
}

/** The warning when everything is exposed: a stable id (without the library prefix) and a message. */
export const EXPOSE_EVERYTHING_WARNING = {
  id: 'everyPathExposed',
  message: `lists ${GMS_EXPOSE_EVERYTHING}: every GMS path is published, the Node API (/genesys/1/admin/*, which takes nodes OFFLINE), the service management UI and every other GMS API included. List only the paths your widget needs`,
} as const;
