/**
 * The secret origin header of {@link GmsLoadBalancer}: its name (one CloudFront can add), the
 * secret, and the values the listener accepts during a rotation, as dynamic references that
 * CloudFormation resolves at deploy time.
 */
import { SecretValue, Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { isHttpToken } from '../../cookie';
import { acknowledgeNagFinding, fail } from './validation';

/** Headers CloudFront cannot add as custom origin headers (CloudFront developer guide, "Custom headers that CloudFront can't add to origin requests"). */
const FORBIDDEN_ORIGIN_HEADERS = new Set(['cache-control', 'connection', 'content-length', 'cookie', 'host', 'if-match', 'if-modified-since',
  'if-none-match', 'if-range', 'if-unmodified-since', 'max-forwards', 'pragma', 'proxy-authorization', 'proxy-connection', 'range',
  'request-range', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via', 'x-real-ip', 'x-forwarded-proto', 'x-forwarded-for']);

/** The header name, checked: an HTTP token CloudFront can add to origin requests. */
export function checkOriginHeaderName(scope: Construct, name: string): void {
  if (!isHttpToken(name) || name.length > 40) {
    fail(scope, 'originVerifyHeaderName', `must be an HTTP header name of at most 40 token characters; got ${JSON.stringify(name)}`);
  }
  const lower = name.toLowerCase();
  if (FORBIDDEN_ORIGIN_HEADERS.has(lower) || lower.startsWith('x-amz-') || lower.startsWith('x-edge-') || lower.startsWith('cloudfront-')) {
    fail(scope, 'originVerifyHeaderName', `must be a header CloudFront can add to origin requests (not ${name}, and not X-Amz-*, X-Edge-* or CloudFront-*)`);
  }
}

/** A Secrets Manager version id: 32–64 characters (a UUID when Secrets Manager makes it). */
const SECRET_VERSION_ID = /^[A-Za-z0-9-]{32,64}$/;

/** The version ids the listener accepts, the one CloudFront sends first (`undefined`: AWSCURRENT). */
export function originVerifySecretVersions(scope: Construct, sent: string | undefined, accepted: string[] | undefined): Array<string | undefined> {
  const checkId = (property: string, versionId: string): void => {
    if (!Token.isUnresolved(versionId) && (typeof versionId !== 'string' || !SECRET_VERSION_ID.test(versionId))) {
      fail(scope, property, `must be a Secrets Manager VersionId (32–64 letters, digits or hyphens; aws secretsmanager list-secret-version-ids); got ${JSON.stringify(versionId)}`);
    }
  };
  if (sent !== undefined) {
    checkId('originVerifySecretVersionId', sent);
  }
  const others = accepted ?? [];
  if (!Array.isArray(others)) {
    fail(scope, 'acceptedOriginVerifySecretVersionIds', 'must be a list of Secrets Manager version ids');
  }
  if (others.length > 0 && sent === undefined) {
    fail(scope, 'acceptedOriginVerifySecretVersionIds', 'needs originVerifySecretVersionId: pin the version CloudFront sends, then list the versions the listener accepts besides it');
  }
  const seen = new Set<string>([sent ?? '']);
  others.forEach((versionId, index) => {
    checkId(`acceptedOriginVerifySecretVersionIds[${index}]`, versionId);
    if (seen.has(versionId)) {
      fail(scope, `acceptedOriginVerifySecretVersionIds[${index}]`, `repeats version ${versionId}, already accepted`);
    }
    seen.add(versionId);
  });
  return [sent, ...others];
}

/** The secret value of a version (AWSCURRENT when `undefined`), as a dynamic reference. */
export function originVerifyReference(secret: secretsmanager.ISecret, versionId: string | undefined): string {
  return versionId === undefined
    ? secret.secretValue.unsafeUnwrap()
    : SecretValue.secretsManager(secret.secretArn, { versionId }).unsafeUnwrap();
}

/** The secret (given, or a new generated one) and the header values the listener accepts, the one CloudFront sends first. */
export function renderOriginVerifySecret(scope: Construct, props: {
  readonly existingOriginVerifySecret?: secretsmanager.ISecret;
  readonly originVerifySecretVersionId?: string;
  readonly acceptedOriginVerifySecretVersionIds?: string[];
}): { secret: secretsmanager.ISecret; acceptedValues: string[] } {
  const secret = props.existingOriginVerifySecret ?? new secretsmanager.Secret(scope, 'OriginVerifySecret', {
    description: 'gms-edge-constructs: value of the secret header CloudFront sends to the GMS load balancer',
    generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
  });
  if (props.existingOriginVerifySecret === undefined) {
    acknowledgeNagFinding(secret.node.defaultChild ?? secret, 'AwsSolutions-SMG4',
      'The value is used in the CloudFront origin header and in the listener rules, both resolved by CloudFormation only when the dynamic reference changes; an automatic rotation would change neither. Rotate with a new secret version and originVerifySecretVersionId / acceptedOriginVerifySecretVersionIds (two deployments, README).');
  }
  // Dynamic references: CloudFormation resolves them at deploy time; the template never holds a value.
  const versions = originVerifySecretVersions(scope, props.originVerifySecretVersionId, props.acceptedOriginVerifySecretVersionIds);
  return { secret, acceptedValues: versions.map((versionId) => originVerifyReference(secret, versionId)) };
}
