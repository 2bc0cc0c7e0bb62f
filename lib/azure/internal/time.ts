/**
 * A minimal binding of the `hashicorp/time` provider's `time_sleep` resource: no prebuilt cdktf
 * binding is available here, and one resource with two arguments needs no generator.
 */
import type { Construct } from 'constructs';
import { TerraformProvider, TerraformResource, TerraformStack } from './cdktf';
import type { TerraformMetaArguments } from './cdktf';

/** The provider source and the version range this library is written against. */
export const TIME_PROVIDER_SOURCE = 'hashicorp/time';
/** `time_sleep` with `create_duration` and `triggers` exists throughout 0.x. */
export const TIME_PROVIDER_VERSION_CONSTRAINT = '~> 0.13';

/**
 * The `time` provider block (no arguments). CDKTF wants a provider construct for every resource's
 * provider; one is added to the stack when the stack has none of its own.
 */
export class TimeProvider extends TerraformProvider {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'time',
      terraformGeneratorMetadata: { providerName: 'time', providerVersionConstraint: TIME_PROVIDER_VERSION_CONSTRAINT },
      terraformProviderSource: TIME_PROVIDER_SOURCE,
    });
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }

  /** The stack's `time` provider: one it has (yours or ours), else a new one. */
  public static ensure(stack: TerraformStack): TerraformProvider {
    const existing = stack.node.findAll().find((node): node is TerraformProvider => node instanceof TerraformProvider && node.terraformResourceType === 'time');
    return existing ?? new TimeProvider(stack, 'time');
  }
}

/** Options of {@link TimeSleep}. */
export interface TimeSleepConfig extends TerraformMetaArguments {
  /** How long to wait after creation, as a Go duration such as `"10m"` or `"90s"`. */
  readonly createDuration: string;
  /**
   * Values whose change replaces the resource (and waits again).
   *
   * @default - none
   */
  readonly triggers?: { [key: string]: string };
}

/** A Go duration of whole seconds, minutes or hours, e.g. `90s`, `10m`, `1h30m`. */
export const GO_DURATION = /^(?:\d+h)?(?:\d+m)?(?:\d+s)?$/;

/** A `time_sleep`: waits `createDuration` after its dependencies were created. */
export class TimeSleep extends TerraformResource {
  public static readonly TF_RESOURCE_TYPE = 'time_sleep';
  public static readonly tfResourceType = TimeSleep.TF_RESOURCE_TYPE;

  public readonly createDuration: string;
  public readonly triggers?: { [key: string]: string };

  public constructor(scope: Construct, id: string, config: TimeSleepConfig) {
    super(scope, id, {
      terraformResourceType: TimeSleep.TF_RESOURCE_TYPE,
      terraformGeneratorMetadata: { providerName: 'time', providerVersionConstraint: TIME_PROVIDER_VERSION_CONSTRAINT },
      provider: config.provider ?? TimeProvider.ensure(TerraformStack.of(scope)),
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    if (config.createDuration === '' || !GO_DURATION.test(config.createDuration)) {
      throw new Error(`TimeSleep: createDuration must be a duration such as "10m", "90s" or "1h30m", got ${JSON.stringify(config.createDuration)}`);
    }
    this.createDuration = config.createDuration;
    this.triggers = config.triggers;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return { create_duration: this.createDuration, triggers: this.triggers };
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    throw new Error('TimeSleep: HCL output is not supported; synthesize Terraform JSON (the default)');
  }
}
