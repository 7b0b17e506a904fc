import { RenderedRequirement } from './rendered-requirement';
import { propError, validateWholeNumberRange } from '../private/validation';

/** How Karpenter may buy a node. */
export enum CapacityType {
  /** Spot capacity: up to 90% cheaper, reclaimed with a two-minute notice. */
  SPOT = 'spot',
  /** On-demand capacity. */
  ON_DEMAND = 'on-demand',
  /** Capacity reservations (on-demand capacity reservations or capacity blocks) the node class selects. */
  RESERVED = 'reserved',
}

/** CPU architecture of a node, as in the `kubernetes.io/arch` label. */
export enum Architecture {
  /** x86-64 (Intel, AMD). */
  AMD64 = 'amd64',
  /** 64-bit Arm (AWS Graviton). */
  ARM64 = 'arm64',
}

/** Operator of a node requirement, as Kubernetes node selector requirements spell it. */
export class RequirementOperator {
  /** The label's value is one of the values (at least one value). */
  public static readonly IN = new RequirementOperator('In', 'many');
  /** The label's value is none of the values (at least one value). */
  public static readonly NOT_IN = new RequirementOperator('NotIn', 'many');
  /** The label exists (no values). */
  public static readonly EXISTS = new RequirementOperator('Exists', 'none');
  /** The label does not exist (no values). */
  public static readonly DOES_NOT_EXIST = new RequirementOperator('DoesNotExist', 'none');
  /** The label's value, an integer, is greater than the one value. */
  public static readonly GT = new RequirementOperator('Gt', 'one-integer');
  /** The label's value, an integer, is less than the one value. */
  public static readonly LT = new RequirementOperator('Lt', 'one-integer');

  private constructor(
    /** The operator as written in the NodePool. */
    public readonly name: string,
    private readonly arity: string,
  ) {}

  /** @internal Throws unless `values` fit this operator. */
  public _checkValues(prop: string, values: string[]): void {
    if (this.arity === 'many' && values.length === 0) {
      throw propError(CONSTRUCT, prop, values, `must hold at least one value: operator ${this.name} compares the label with a list`);
    }
    if (this.arity === 'none' && values.length > 0) {
      throw propError(CONSTRUCT, prop, values, `must be empty: operator ${this.name} only tests whether the label exists`);
    }
    if (this.arity === 'one-integer' && (values.length !== 1 || !/^[0-9]+$/.test(values[0]))) {
      throw propError(CONSTRUCT, prop, values, `must be exactly one non-negative integer: operator ${this.name} compares the label numerically`);
    }
  }
}

const CONSTRUCT = 'KarpenterNodePool';

/**
 * Instance attributes whose label key differs between self-managed Karpenter
 * (`karpenter.k8s.aws/…`) and EKS Auto Mode (`eks.amazonaws.com/…`).
 */
const INSTANCE_ATTRIBUTES = ['instance-category', 'instance-family', 'instance-generation', 'instance-size', 'instance-cpu', 'instance-memory'];

/** Label prefixes that belong to one runtime only. */
const SELF_MANAGED_PREFIX = 'karpenter.k8s.aws/';
const AUTO_MODE_PREFIX = 'eks.amazonaws.com/';

/**
 * A node requirement: a label key, an operator and values (a Kubernetes node selector
 * requirement, with Karpenter's optional `minValues`).
 *
 * The instance helpers (`instanceCategories`, `instanceFamilies`, …) name the attribute, not
 * the label: the pool writes `karpenter.k8s.aws/…` for self-managed Karpenter and
 * `eks.amazonaws.com/…` for EKS Auto Mode, which uses different label keys.
 */
export class Requirement {
  /**
   * Any requirement on a node label.
   *
   * @param key the label key, e.g. `node.kubernetes.io/instance-type`
   * @param operator how the label is compared
   * @param values the values (none for EXISTS/DOES_NOT_EXIST, one integer for GT/LT)
   * @param minValues Karpenter keeps at least this many distinct values available (spot diversity)
   */
  public static of(key: string, operator: RequirementOperator, values: string[] = [], minValues?: number): Requirement {
    return new Requirement(key, operator, values, minValues, false);
  }

  /** Instance categories, e.g. `['r', 'm']` (the letters before the generation). */
  public static instanceCategories(categories: string[], operator: RequirementOperator = RequirementOperator.IN): Requirement {
    return new Requirement('instance-category', operator, categories, undefined, true);
  }

  /** Instance families, e.g. `['r7i', 'r7g']`. */
  public static instanceFamilies(families: string[], operator: RequirementOperator = RequirementOperator.IN): Requirement {
    return new Requirement('instance-family', operator, families, undefined, true);
  }

  /** Instance generations newer than `generation`, e.g. 5 allows r6i, r7g, … but not r5. */
  public static instanceGenerationAbove(generation: number): Requirement {
    return new Requirement('instance-generation', RequirementOperator.GT, [String(generation)], undefined, true);
  }

  /** Instance sizes, e.g. `['4xlarge']`. */
  public static instanceSizes(sizes: string[], operator: RequirementOperator = RequirementOperator.IN): Requirement {
    return new Requirement('instance-size', operator, sizes, undefined, true);
  }

  /** Availability zones, e.g. `['eu-west-1a', 'eu-west-1b']`. */
  public static zones(zones: string[]): Requirement {
    return new Requirement('topology.kubernetes.io/zone', RequirementOperator.IN, zones, undefined, false);
  }

  /** Capacity types. Allowing spot and on-demand makes Karpenter prefer spot and fall back to on-demand. */
  public static capacityTypes(types: CapacityType[]): Requirement {
    return new Requirement('karpenter.sh/capacity-type', RequirementOperator.IN, types.map(String), undefined, false);
  }

  /** CPU architectures. */
  public static architectures(architectures: Architecture[]): Requirement {
    return new Requirement('kubernetes.io/arch', RequirementOperator.IN, architectures.map(String), undefined, false);
  }

  /** The label key, or for an instance attribute its runtime-neutral name (`instance-family`, …). */
  public readonly key: string;
  /** How the label is compared. */
  public readonly operator: RequirementOperator;
  /** The values compared with. */
  public readonly values: string[];
  /** Minimum number of distinct values Karpenter keeps available. */
  public readonly minValues?: number;
  private readonly instanceAttribute: boolean;

  private constructor(key: string, operator: RequirementOperator, values: string[], minValues: number | undefined, instanceAttribute: boolean) {
    this.key = key;
    this.operator = operator;
    this.values = values ?? [];
    this.minValues = minValues;
    this.instanceAttribute = instanceAttribute;
  }

  /**
   * @internal Validates and renders the requirement for a runtime.
   * @param autoMode whether the pool runs on EKS Auto Mode
   * @param prop the prop path for error messages
   */
  public _render(autoMode: boolean, prop: string): RenderedRequirement {
    if (!this.key) {
      throw propError(CONSTRUCT, `${prop}.key`, this.key, 'must name a node label');
    }
    this.operator._checkValues(`${prop}.values`, this.values);
    if (this.minValues !== undefined) {
      validateWholeNumberRange(CONSTRUCT, `${prop}.minValues`, this.minValues, 1, 50);
      if (this.operator !== RequirementOperator.IN || this.minValues > this.values.length) {
        throw propError(CONSTRUCT, `${prop}.minValues`, this.minValues,
          `applies only to operator In with at least that many values (operator ${this.operator.name}, ${this.values.length} values)`);
      }
    }
    if (!this.instanceAttribute) {
      checkRuntimeOfKey(this.key, autoMode, `${prop}.key`);
    }
    const key = this.instanceAttribute ? `${autoMode ? AUTO_MODE_PREFIX : SELF_MANAGED_PREFIX}${this.key}` : this.key;
    return {
      key,
      operator: this.operator.name,
      ...(this.values.length > 0 ? { values: [...this.values] } : {}),
      ...(this.minValues !== undefined ? { minValues: this.minValues } : {}),
    };
  }
}

/** Instance attribute labels of one runtime used on a pool of the other fail here. */
function checkRuntimeOfKey(key: string, autoMode: boolean, prop: string): void {
  const attribute = INSTANCE_ATTRIBUTES.find((a) => key === `${SELF_MANAGED_PREFIX}${a}` || key === `${AUTO_MODE_PREFIX}${a}`);
  if (autoMode && key.startsWith(SELF_MANAGED_PREFIX)) {
    throw propError(CONSTRUCT, prop, key,
      `is a self-managed Karpenter label, which EKS Auto Mode nodes do not carry${attribute ? `: use ${AUTO_MODE_PREFIX}${attribute} or the Requirement helper` : ''}`);
  }
  if (!autoMode && attribute && key.startsWith(AUTO_MODE_PREFIX)) {
    throw propError(CONSTRUCT, prop, key,
      `is an EKS Auto Mode label, which self-managed Karpenter nodes do not carry: use ${SELF_MANAGED_PREFIX}${attribute} or the Requirement helper`);
  }
}
