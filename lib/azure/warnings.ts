/**
 * Warnings with stable ids on CDK for Terraform, acknowledgeable like aws-cdk-lib's.
 *
 * cdktf 0.21's `Annotations` has `addWarning(message)` only: no ids and no acknowledgement
 * (node_modules/cdktf/lib/annotations.d.ts). This module adds both with the semantics of
 * aws-cdk-lib's `Annotations.addWarningV2(id, message)` / `acknowledgeWarning(id)`: the message
 * ends in `[ack: <id>]`; an acknowledgement on a scope silences the id on that scope and every
 * construct below it, whether it comes before or after the warning. The ids are the ones the
 * AWS constructs use (`gms-edge-constructs:<name>`), listed in the README.
 */
import { IConstruct } from 'constructs';
import { Annotations } from './internal/cdktf';

/**
 * Context key (for example in cdktf.json `context`) listing warning ids acknowledged for the
 * whole app: `{ "gms-edge-constructs:acknowledgedWarnings": ["gms-edge-constructs:pfxCertificate"] }`.
 */
export const ACKNOWLEDGED_WARNINGS_CONTEXT_KEY = 'gms-edge-constructs:acknowledgedWarnings';

const ACKNOWLEDGEMENTS = Symbol.for('gms-edge-constructs.acknowledgedWarnings');
const WARN = '@cdktf/warn';

interface WithAcknowledgements {
  [ACKNOWLEDGEMENTS]?: Map<string, Set<string>>;
}

function acknowledgementsOf(scope: IConstruct): Map<string, Set<string>> {
  const root = scope.node.root as IConstruct & WithAcknowledgements;
  root[ACKNOWLEDGEMENTS] ??= new Map();
  return root[ACKNOWLEDGEMENTS];
}

function ackTag(id: string): string {
  return `[ack: ${id}]`;
}

/**
 * Whether a warning id is acknowledged on the scope, one of its ancestors, or the app context.
 * @internal
 */
export function isWarningAcknowledged(scope: IConstruct, id: string): boolean {
  const context: unknown = scope.node.tryGetContext(ACKNOWLEDGED_WARNINGS_CONTEXT_KEY);
  if (Array.isArray(context) && context.includes(id)) {
    return true;
  }
  const acknowledgements = acknowledgementsOf(scope);
  return scope.node.scopes.some((ancestor) => acknowledgements.get(ancestor.node.path)?.has(id) === true);
}

/**
 * Acknowledges a warning of this library on a scope and everything below it: warnings with this
 * id are removed from the constructs already there and not added to those created later. The
 * counterpart of `Annotations.of(scope).acknowledgeWarning(id)` on AWS.
 *
 * @param id the warning id, for example `gms-edge-constructs:readTimeoutNotAboveLongPoll`
 */
export function acknowledgeWarning(scope: IConstruct, id: string): void {
  const acknowledgements = acknowledgementsOf(scope);
  const ids = acknowledgements.get(scope.node.path) ?? new Set<string>();
  ids.add(id);
  acknowledgements.set(scope.node.path, ids);
  for (const construct of scope.node.findAll()) {
    // constructs keeps metadata in a private array and hands out copies; aws-cdk-lib removes
    // acknowledged warnings from the same array (core/lib/annotations.ts, removeWarning).
    const metadata = (construct.node as unknown as { _metadata?: Array<{ type: string; data: unknown }> })._metadata;
    if (!Array.isArray(metadata)) {
      continue;
    }
    for (let index = metadata.length - 1; index >= 0; index--) {
      const entry = metadata[index];
      if (entry.type === WARN && typeof entry.data === 'string' && entry.data.endsWith(ackTag(id))) {
        metadata.splice(index, 1);
      }
    }
  }
}

/**
 * Adds a synth-time warning with a stable id, naming the property, unless acknowledged.
 *
 * @param name the id without the library prefix, for example `pfxCertificate`
 * @internal
 */
export function warn(scope: IConstruct, name: string, property: string, message: string): void {
  const id = `gms-edge-constructs:${name}`;
  if (!isWarningAcknowledged(scope, id)) {
    Annotations.of(scope).addWarning(`${property} ${message} ${ackTag(id)}`);
  }
}
