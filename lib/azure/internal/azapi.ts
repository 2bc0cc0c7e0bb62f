/**
 * Small typed wrappers for the AzAPI Terraform provider (`Azure/azapi` 2.x): the provider and
 * `azapi_resource`. No prebuilt cdktf binding exists for azapi, and only azapi can send the ARM
 * body the gateway needs (azurerm cannot express `headerValueMatcher`).
 */
import type { Construct } from 'constructs';
import { TerraformProvider, TerraformResource, TerraformStack } from './cdktf';
import type { TerraformMetaArguments } from './cdktf';

/** The provider source and the version range this library is written against. */
export const AZAPI_PROVIDER_SOURCE = 'Azure/azapi';
/**
 * `retry` exists since azapi 2.0; `sensitive_body` (a write-only argument) since 2.4; 2.5 fixed the
 * plan-time schema validation of a body with unknown values next to a `sensitive_body`, which a
 * gateway created with its subnet and public IP in the same apply has.
 */
export const AZAPI_PROVIDER_VERSION_CONSTRAINT = '~> 2.5';

/**
 * The Terraform versions a stack with azapi resources needs: write-only arguments such as
 * `sensitive_body` exist since Terraform 1.11 (azapi docs, resource `sensitive_body`; Terraform
 * "Write-only arguments"); otherwise 1.0, the first release of the 1.x protocol line that the
 * azapi, azurerm and time providers serve (plugin protocol 5/6).
 */
export const TERRAFORM_REQUIRED_VERSION = { withSensitiveBody: '>= 1.11', default: '>= 1.0' } as const;

/** The strictest `required_version` declared so far, per stack. */
const declaredRequiredVersion = new WeakMap<TerraformStack, string>();

/** Declares `terraform.required_version`, never lowering what another resource of the stack needs. */
function declareRequiredVersion(stack: TerraformStack, needsSensitiveBody: boolean): void {
  const wanted = needsSensitiveBody ? TERRAFORM_REQUIRED_VERSION.withSensitiveBody : TERRAFORM_REQUIRED_VERSION.default;
  if (declaredRequiredVersion.get(stack) === TERRAFORM_REQUIRED_VERSION.withSensitiveBody) {
    return;
  }
  declaredRequiredVersion.set(stack, wanted);
  stack.addOverride('terraform.required_version', wanted);
}

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

/** The `azapi` provider block (and its `required_providers` entry: Azure/azapi ~> 2.5). */
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

/**
 * The `retry` argument of an azapi resource: errors whose message matches one of the regular
 * expressions are retried, with a growing interval, until the resource's timeout (30 minutes for
 * create and update by default).
 */
export interface AzapiRetry {
  /** Go regular expressions matched against the error message (which includes the ARM error body). At least one, all different. */
  readonly errorMessageRegex: string[];
  /**
   * Base wait between retries, 1–120 seconds.
   *
   * @default 10 (the provider's default)
   */
  readonly intervalSeconds?: number;
  /**
   * Longest wait between retries, 1–300 seconds.
   *
   * @default 180 (the provider's default)
   */
  readonly maxIntervalSeconds?: number;
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
  /**
   * Secret parts of the body, sent through the write-only argument `sensitive_body`: the provider
   * merges them into `body` for the request (objects by key, list elements by `name`) and keeps
   * them out of the plan and the state. Needs Terraform 1.11 or later. Read at synthesis.
   *
   * @default - none
   */
  readonly sensitiveBody?: object;
  /**
   * Retry the requests on errors that are known to be transient.
   *
   * @default - the provider's default retries only
   */
  readonly retry?: AzapiRetry;
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

function checkRetry(retry: AzapiRetry): void {
  const patterns = retry.errorMessageRegex;
  if (!Array.isArray(patterns) || patterns.length === 0 || patterns.some((pattern) => typeof pattern !== 'string' || pattern.length === 0) || new Set(patterns).size !== patterns.length) {
    throw new Error(`AzapiResource: retry.errorMessageRegex must list at least one non-empty regular expression, all different, got ${JSON.stringify(patterns)}`);
  }
  const inRange = (value: number | undefined, max: number): boolean => value === undefined || (Number.isInteger(value) && value >= 1 && value <= max);
  if (!inRange(retry.intervalSeconds, 120)) {
    throw new Error(`AzapiResource: retry.intervalSeconds must be an integer from 1 to 120, got ${retry.intervalSeconds}`);
  }
  if (!inRange(retry.maxIntervalSeconds, 300)) {
    throw new Error(`AzapiResource: retry.maxIntervalSeconds must be an integer from 1 to 300, got ${retry.maxIntervalSeconds}`);
  }
}

/** An `azapi_resource`: any ARM resource, by type, api-version and JSON body. */
export class AzapiResource<TBody extends object> extends TerraformResource {
  public static readonly TF_RESOURCE_TYPE = 'azapi_resource';
  /** For the cdktf jest matchers (`toHaveResourceWithProperties(AzapiResource, …)`). */
  public static readonly tfResourceType = AzapiResource.TF_RESOURCE_TYPE;

  /** The body sent to ARM; edits before synthesis are what is deployed (an escape hatch). */
  public readonly body: TBody;
  /** The write-only part of the body (`sensitive_body`); `undefined` when there is none. */
  public readonly sensitiveBody?: object;
  /** The `retry` argument; `undefined` when there is none. */
  public readonly retry?: AzapiRetry;
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
    if (config.retry !== undefined) {
      checkRetry(config.retry);
    }
    this.config = config;
    declareRequiredVersion(TerraformStack.of(this), config.sensitiveBody !== undefined);
    this.body = config.body;
    this.sensitiveBody = config.sensitiveBody;
    this.retry = config.retry;
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
      sensitive_body: this.sensitiveBody,
      retry: this.retry === undefined ? undefined : {
        error_message_regex: this.retry.errorMessageRegex,
        interval_seconds: this.retry.intervalSeconds,
        max_interval_seconds: this.retry.maxIntervalSeconds,
      },
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
