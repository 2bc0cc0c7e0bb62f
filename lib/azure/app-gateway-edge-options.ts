/**
 * Options of {@link GmsAppGatewayEdge} for the pieces it creates around the gateway: the identity
 * that reads the certificate, the Web Application Firewall and diagnostics.
 */

/** An existing user-assigned identity for the gateway. */
export interface ExistingGatewayIdentity {
  /** Resource id. */
  readonly id: string;
  /** Object (principal) id, for the Key Vault grant. */
  readonly principalId: string;
  /** Tenant id, for a Key Vault access policy. */
  readonly tenantId: string;
}

/** A managed rule set of the WAF policy. */
export interface WafManagedRuleSet {
  /** e.g. `Microsoft_DefaultRuleSet`, `OWASP`, `Microsoft_BotManagerRuleSet`. */
  readonly type: string;
  /** e.g. `2.1`, `3.2`, `1.1`. */
  readonly version: string;
}

/** The Web Application Firewall (the gateway becomes WAF_v2). */
export interface GmsWafOptions {
  /**
   * Block (Prevention) or only log (Detection) what the rules match. Start with Detection if
   * unsure how the managed rules treat the chat traffic, then switch.
   *
   * @default 'Prevention'
   */
  readonly mode?: 'Prevention' | 'Detection';

  /**
   * Managed rule sets.
   *
   * @default [{ type: 'Microsoft_DefaultRuleSet', version: '2.1' }]
   */
  readonly managedRuleSets?: WafManagedRuleSet[];

  /**
   * Use this existing `ApplicationGatewayWebApplicationFirewallPolicies` id instead of creating a policy.
   *
   * @default - a new policy
   */
  readonly existingPolicyId?: string;
}

/** Where the gateway's logs and metrics go. */
export interface GmsDiagnosticsOptions {
  /**
   * Send all logs and metrics to Log Analytics.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * An existing Log Analytics workspace id.
   *
   * @default - a new workspace
   */
  readonly logAnalyticsWorkspaceId?: string;

  /**
   * Retention of a new workspace, in days (30–730). A Terraform token is accepted and left to Terraform: it is not checked at synthesis.
   *
   * @default 30
   */
  readonly retentionInDays?: number;
}
