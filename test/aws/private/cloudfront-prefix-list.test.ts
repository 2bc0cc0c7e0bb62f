import * as cxapi from 'aws-cdk-lib/cx-api';
import { GmsLoadBalancer } from '../../../lib/aws';
import { fixture, twoNodeGroups } from '../support';

const ENV = { account: '123456789012', region: 'eu-west-1' };

/** A load balancer without cloudFrontPrefixListId in a stack with a concrete env. */
function loadBalancerWithConcreteEnv(context: Record<string, unknown> = {}) {
  const f = fixture({ env: ENV }, context);
  new GmsLoadBalancer(f.stack, 'Alb', { vpc: f.vpc, certificate: f.originCertificate, nodeGroups: twoNodeGroups(f) });
  return f;
}

/** The context key the CLI is asked to fill for the prefix list, as the cloud assembly reports it. */
function prefixListContextKey(): string {
  const missing = loadBalancerWithConcreteEnv().app.synth().manifest.missing ?? [];
  const lookups = missing.filter((entry) => JSON.stringify(entry.props).includes('com.amazonaws.global.cloudfront.origin-facing'));
  expect(lookups).toHaveLength(1);
  return lookups[0].key;
}

describe('the CloudFront origin-facing prefix list in a stack with a concrete env', () => {
  it('is looked up at synth time, for the stack\'s account and region', () => {
    const missing = loadBalancerWithConcreteEnv().app.synth().manifest.missing ?? [];
    const lookup = missing.find((entry) => JSON.stringify(entry.props).includes('com.amazonaws.global.cloudfront.origin-facing'));
    expect(lookup?.props).toMatchObject({ account: ENV.account, region: ENV.region, typeName: 'AWS::EC2::PrefixList' });
  });

  it('fails naming cloudFrontPrefixListId, with the CLI\'s reason, when the CLI could not look it up (no credentials)', () => {
    // What the CLI puts into the context for a lookup that failed, before it synthesizes again.
    const reason = `Need to perform AWS calls for account ${ENV.account}, but no credentials have been configured`;
    const context = { [prefixListContextKey()]: { [cxapi.PROVIDER_ERROR_KEY]: reason, $dontSaveContext: true } };
    let message = '';
    try {
      loadBalancerWithConcreteEnv(context);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Test\/Alb: cloudFrontPrefixListId is not set, so the id of com\.amazonaws\.global\.cloudfront\.origin-facing is looked up at synth time for account 123456789012, region eu-west-1/);
    expect(message).toContain(reason);
    expect(message).toContain('loadBalancerProps.cloudFrontPrefixListId');
    expect(message).toContain('aws ec2 describe-managed-prefix-lists --region eu-west-1 --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing');
  });

  it('takes the looked-up id when the lookup succeeded', () => {
    const f = loadBalancerWithConcreteEnv({ [prefixListContextKey()]: [{ PrefixListId: 'pl-4fa04526' }] });
    const ingress = Object.values(f.app.synth().getStackByName('Test').template.Resources as Record<string, { Type: string; Properties: { SourcePrefixListId?: string } }>)
      .filter((resource) => resource.Type === 'AWS::EC2::SecurityGroupIngress' && resource.Properties.SourcePrefixListId !== undefined);
    expect(ingress.map((resource) => resource.Properties.SourcePrefixListId)).toEqual(['pl-4fa04526']);
  });
});
