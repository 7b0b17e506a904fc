import { TrinoVersion } from './trino-version';
import { isUnresolved, propError } from '../private/validation';

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** An S3-compatible emulator on the workstation, for the local stack only. */
export interface LocalS3EmulatorOptions {
  /**
   * The emulator's endpoint on loopback, e.g. `http://127.0.0.1:9000`. Only loopback addresses are
   * accepted, so the static keys below can never be sent to a real S3 endpoint.
   */
  readonly endpoint: string;

  /**
   * Region the emulator answers for.
   *
   * @default 'us-east-1'
   */
  readonly region?: string;

  /** The emulator's access key (rendered as `s3.aws-access-key`; may be a `${ENV:NAME}` reference). */
  readonly accessKey: string;

  /** The emulator's secret key (rendered as `s3.aws-secret-key`; may be a `${ENV:NAME}` reference). */
  readonly secretKey: string;
}

/**
 * Where Trino's S3 file system and exchange manager send their requests, and with which credentials.
 *
 * Only the native S3 file system is rendered; the legacy `hive.s3.*` file system (deprecated in 470,
 * removed in 481) is never emitted. Property names: trino.io/docs/<version>/object-storage/file-system-s3.html
 * ("General configuration", "Authentication") and admin/fault-tolerant-execution.html (`exchange.s3.*`).
 */
export abstract class ObjectStorage {
  /**
   * Amazon S3 in a region, reached with the AWS SDK's default credential chain: web identity (IRSA) and
   * container credentials (EKS Pod Identity) are both in it, so no credential property is rendered.
   * On 483 and later `s3.auth-type=DEFAULT` says so explicitly; `s3.use-web-identity-token-credentials-provider`
   * (removed in 483) is never rendered, since the default chain already reads the web identity token.
   *
   * @param region the region of the buckets, e.g. `eu-west-1`
   */
  public static aws(region: string): ObjectStorage {
    validateRegion('ObjectStorage.aws', 'region', region);
    return new AwsS3(region);
  }

  /**
   * An S3-compatible emulator on loopback, for the local stack: endpoint, path-style access and static keys.
   */
  public static localEmulator(options: LocalS3EmulatorOptions): ObjectStorage {
    const region = options.region ?? 'us-east-1';
    validateRegion('ObjectStorage.localEmulator', 'region', region);
    validateLoopbackEndpoint(options.endpoint);
    for (const [prop, value] of [['accessKey', options.accessKey], ['secretKey', options.secretKey]]) {
      if (!value || /[\r\n]/.test(value)) {
        throw propError('ObjectStorage.localEmulator', prop, value === undefined ? undefined : '(hidden)', 'must be a non-empty single line');
      }
    }
    return new LocalEmulator(region, options.endpoint.replace(/\/+$/, ''), options.accessKey, options.secretKey);
  }

  /** The region requests are signed for. */
  public abstract readonly region: string;

  /** True for the local emulator, false for Amazon S3. */
  public abstract readonly isLocalEmulator: boolean;

  /** @internal The S3 properties of a Delta Lake, Hive or Iceberg catalog, for a Trino release. */
  public abstract _catalogProperties(version: TrinoVersion): Record<string, string>;

  /** @internal The `exchange.s3.*` properties of the filesystem exchange manager. */
  public abstract _exchangeProperties(): Record<string, string>;
}

class AwsS3 extends ObjectStorage {
  public readonly isLocalEmulator = false;

  constructor(public readonly region: string) {
    super();
  }

  public _catalogProperties(version: TrinoVersion): Record<string, string> {
    return {
      [version.nativeS3EnabledProperty]: 'true',
      's3.region': this.region,
      ...(version.supportsS3AuthType ? { 's3.auth-type': 'DEFAULT' } : {}),
    };
  }

  public _exchangeProperties(): Record<string, string> {
    return { 'exchange.s3.region': this.region };
  }
}

class LocalEmulator extends ObjectStorage {
  public readonly isLocalEmulator = true;

  constructor(public readonly region: string, private readonly endpoint: string,
    private readonly accessKey: string, private readonly secretKey: string) {
    super();
  }

  // On 483, `s3.auth-type` is left at its default: static keys are what the emulator needs, and the
  // release notes only tie IAM_ROLE to s3.iam-role, so no other type is asserted here.
  public _catalogProperties(version: TrinoVersion): Record<string, string> {
    return {
      [version.nativeS3EnabledProperty]: 'true',
      's3.region': this.region,
      's3.endpoint': this.endpoint,
      's3.path-style-access': 'true',
      's3.aws-access-key': this.accessKey,
      's3.aws-secret-key': this.secretKey,
    };
  }

  public _exchangeProperties(): Record<string, string> {
    return {
      'exchange.s3.region': this.region,
      'exchange.s3.endpoint': this.endpoint,
      'exchange.s3.path-style-access': 'true',
      'exchange.s3.aws-access-key': this.accessKey,
      'exchange.s3.aws-secret-key': this.secretKey,
    };
  }
}

function validateRegion(construct: string, prop: string, region: string): void {
  if (isUnresolved(region)) return;
  if (!AWS_REGION.test(region)) {
    throw propError(construct, prop, region, 'must be an AWS region name such as "eu-west-1"');
  }
}

function validateLoopbackEndpoint(endpoint: string): void {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || !LOOPBACK_HOST.test(url.hostname) || url.port === ''
    || (url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.username !== '') {
    throw propError('ObjectStorage.localEmulator', 'endpoint', endpoint,
      'must be http(s)://<loopback address>:<port> (localhost, 127.x.x.x or [::1]), e.g. "http://127.0.0.1:9000": ' +
      'static keys are only rendered for an emulator on the workstation');
  }
}
