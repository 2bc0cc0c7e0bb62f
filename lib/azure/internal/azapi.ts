/**
 * Small typed wrappers for the AzAPI Terraform provider (`Azure/azapi` 2.x): the provider and
 * `azapi_resource`. No prebuilt cdktf binding exists for azapi, and only azapi can send the ARM
 * body the gateway needs (azurerm cannot express `headerValueMatcher`).
 */
import type { Construct } from 'constructs';
import { TerraformProvider, TerraformResource } from './cdktf';
import type { TerraformMetaArguments } from './cdktf';

/** The provider source and the version range this library is written against. */
export const AZAPI_PROVIDER_SOURCE = 'Azure/azapi';
export const AZAPI_PROVIDER_VERSION_CONSTRAINT = '~> 2.0';

/** Options of {@link AzapiProvider}. */
export interface AzapiProviderConfig {
  /**
   * The subscription to deploy into.
   *
   * @default - from the environment (ARM_SUBSCRIPTION_ID or the Azure CLI login)
   */
  readonly subscriptionId?: string;

  /**
   * Provider alias, for several configurations of the provider in one stack.
   *
   * @default - the default provider configuration
   */
  readonly alias?: string;
}

/** The `azapi` provider block (and its `required_providers` entry: Azure/azapi ~> 2.0). */
export class AzapiProvider extends TerraformProvider {
  private readonly subscriptionId?: string;
  private readonly providerAlias?: string;

  public constructor(scope: Construct, id: string, config: AzapiProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'azapi',
      terraformGeneratorMetadata: { providerName: 'azapi', providerVersionConstraint: AZAPI_PROVIDER_VERSION_CONSTRAINT },
      terraformProviderSource: AZAPI_PROVIDER_SOURCE,
    });
    this.subscriptionId = config.subscriptionId;
    this.providerAlias = config.alias;
  }

  public override get alias(): string | undefined {
    return this.providerAlias;
  }

  public override set alias(_value: string | undefined) {
    throw new Error('AzapiProvider: set the alias in the constructor config');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return { subscriptionId: this.subscriptionId };
  }
}

/** The `identity` argument of an azapi resource. */
export interface AzapiIdentity {
  readonly type: 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned';
  /** Resource ids of user-assigned identities. */
  readonly identityIds?: string[];
}

/** Options of {@link AzapiResource}. */
export interface AzapiResourceConfig<TBody extends object> extends TerraformMetaArguments {
  /** `<resource provider>/<type>@<api-version>`, e.g. `Microsoft.Network/applicationGateways@2024-05-01`. */
  readonly type: string;
  readonly name: string;
  /** The id of the parent: a resource group id for a top-level resource. */
  readonly parentId: string;
  readonly location?: string;
  /** The ARM request body without location, identity and tags. Read at synthesis, so later edits count. */
  readonly body: TBody;
  readonly identity?: AzapiIdentity;
  readonly tags?: { [key: string]: string };
  /**
   * Response fields to export as `output`.
   *
   * @default [] (the Azure Verified Modules rule: always set it)
   */
  readonly responseExportValues?: string[];
  /**
   * Let the provider check the body against its embedded ARM schema at plan time.
   *
   * @default true
   */
  readonly schemaValidationEnabled?: boolean;
}

/** An `azapi_resource`: any ARM resource, by type, api-version and JSON body. */
export class AzapiResource<TBody extends object> extends TerraformResource {
  public static readonly TF_RESOURCE_TYPE = 'azapi_resource';
  /** For the cdktf jest matchers (`toHaveResourceWithProperties(AzapiResource, …)`). */
  public static readonly tfResourceType = AzapiResource.TF_RESOURCE_TYPE;

  /** The body sent to ARM; edits before synthesis are what is deployed (an escape hatch). */
  public readonly body: TBody;
  public readonly type: string;
  public readonly name: string;
  public readonly parentId: string;
  private readonly config: AzapiResourceConfig<TBody>;

  public constructor(scope: Construct, id: string, config: AzapiResourceConfig<TBody>) {
    super(scope, id, {
      terraformResourceType: AzapiResource.TF_RESOURCE_TYPE,
      terraformGeneratorMetadata: { providerName: 'azapi', providerVersionConstraint: AZAPI_PROVIDER_VERSION_CONSTRAINT },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    if (!/^[A-Za-z0-9.]+\/[A-Za-z0-9/]+@\d{4}-\d{2}-\d{2}(-preview)?$/.test(config.type)) {
      throw new Error(`AzapiResource: type must be "<namespace>/<type>@<api-version>", got ${JSON.stringify(config.type)}`);
    }
    this.config = config;
    this.body = config.body;
    this.type = config.type;
    this.name = config.name;
    this.parentId = config.parentId;
  }

  /** The ARM resource id. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const identity = this.config.identity;
    return {
      type: this.type,
      name: this.name,
      parent_id: this.parentId,
      location: this.config.location,
      body: this.body,
      identity: identity === undefined ? undefined : { type: identity.type, identity_ids: identity.identityIds },
      tags: this.config.tags,
      response_export_values: this.config.responseExportValues ?? [],
      schema_validation_enabled: this.config.schemaValidationEnabled ?? true,
    };
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    throw new Error('AzapiResource: HCL output is not supported; synthesize Terraform JSON (the default)');
  }
}
