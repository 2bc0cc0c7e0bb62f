/**
 * The only module of lib/azure that imports CDK for Terraform and its prebuilt azurerm provider.
 *
 * HashiCorp archived CDKTF on 2025-12-10; its community fork CDK Terrain publishes the same APIs
 * as `cdktn` and `@cdktn/provider-azurerm`. The build makes the CDK Terrain entry point
 * (dist/azure-cdktn) by renaming the module names below (bin/cdktn-flavour.js); the tests run on
 * both through jest's moduleNameMapper. Provider classes are imported from their submodules: the
 * provider package's root index loads every Azure resource and is slow.
 */
// First: a clear message naming the packages to install, instead of "Cannot find module 'cdktf'".
import './cdktf-peers';
export {
  Annotations,
  App,
  Fn,
  LocalBackend,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Token,
  dependable,
} from 'cdktf';
export type { ITerraformDependable, TerraformMetaArguments, TerraformResourceConfig } from 'cdktf';
export { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
export { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
export { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
export { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
export { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
export { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
export { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
export { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
export { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
export { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
export { KeyVaultAccessPolicyA as KeyVaultAccessPolicy } from '@cdktf/provider-azurerm/lib/key-vault-access-policy';
export { WebApplicationFirewallPolicy } from '@cdktf/provider-azurerm/lib/web-application-firewall-policy';
export { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
export { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
export { DataAzurermKeyVault } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault';
export { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
export { MonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';
export type { MonitorMetricAlertCriteria } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';
export { PortalDashboard } from '@cdktf/provider-azurerm/lib/portal-dashboard';
export { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
