/**
 * The managed rule sets a new Application Gateway WAF policy can be created with. A type or
 * version Azure does not know fails only at apply; a retired one cannot be created at all.
 */
import { IConstruct } from 'constructs';
import type { WafManagedRuleSet } from '../gms-app-gateway-edge';
import { Token } from '../internal/cdktf';
import { fail } from './validation';

/**
 * Rule set versions a new Application Gateway WAF policy takes, by type: Microsoft's "Azure Web
 * Application Firewall managed ruleset support policy" (learn.microsoft.com/azure/web-application-firewall/ruleset-support-policy,
 * 2026-02, Application Gateway): DRS 2.2 and 2.1, CRS 3.2, Bot Management 1.1 and 1.0, HTTP DDoS
 * 1.0. Since DRS 2.2, a new policy cannot be created with the N-3 versions CRS 3.1 and 3.0.
 * @internal
 */
export const WAF_MANAGED_RULE_SET_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  Microsoft_DefaultRuleSet: ['2.1', '2.2'],
  OWASP: ['3.2'],
  Microsoft_BotManagerRuleSet: ['1.0', '1.1'],
  Microsoft_HTTPDDoSRuleSet: ['1.0'],
};

/** Why a known but unavailable version is refused, from the same support policy. */
const RETIRED: Readonly<Record<string, string>> = {
  'OWASP 3.1': 'CRS 3.1 is three versions behind DRS 2.2, and a new policy can no longer be created with it (it stays supported for existing policies until 26 Feb 2027)',
  'OWASP 3.0': 'CRS 3.0 is three versions behind DRS 2.2, and a new policy can no longer be created with it (it stays supported for existing policies until 26 Feb 2027)',
  'OWASP 2.2.9': 'CRS 2.2.9 is no longer supported (since 15 Mar 2025)',
  'Microsoft_BotManagerRuleSet 0.1': 'Bot Management 0.1 was a preview and is not supported',
};

/**
 * Checks the managed rule sets of a new WAF policy: a known type, a version Azure still creates
 * policies with, each type once. Tokens are not checked.
 * @internal
 */
export function checkWafManagedRuleSets(scope: IConstruct, ruleSets: WafManagedRuleSet[] | undefined): void {
  const seen = new Map<string, number>();
  (ruleSets ?? []).forEach((ruleSet, index) => {
    const at = `waf.managedRuleSets[${index}]`;
    if (Token.isUnresolved(ruleSet.type) || Token.isUnresolved(ruleSet.version)) {
      return;
    }
    const versions = WAF_MANAGED_RULE_SET_VERSIONS[ruleSet.type];
    if (versions === undefined) {
      fail(scope, `${at}.type`, `must be one of ${Object.keys(WAF_MANAGED_RULE_SET_VERSIONS).join(', ')} (the managed rule sets of Application Gateway WAF policies), got ${JSON.stringify(ruleSet.type)}`);
    }
    if (!versions.includes(ruleSet.version)) {
      const retired = RETIRED[`${ruleSet.type} ${ruleSet.version}`];
      fail(scope, `${at}.version`, `${JSON.stringify(ruleSet.version)} of ${ruleSet.type} ${retired !== undefined ? `cannot be used: ${retired}` : 'does not exist on Application Gateway'}; use ${versions.join(' or ')}`);
    }
    const other = seen.get(ruleSet.type);
    if (other !== undefined) {
      fail(scope, `${at}.type`, `${ruleSet.type} is also waf.managedRuleSets[${other}]: a policy takes each managed rule set once, in one version`);
    }
    seen.set(ruleSet.type, index);
  });
}
