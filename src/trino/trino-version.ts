import { propError } from '../private/validation';

const OLDEST = 476;
const NEWEST = 483;

/**
 * A Trino release the library renders configuration for, with what differs between releases.
 *
 * Supported: 476 to 483. Sources for each switch (checked in November 2026):
 * - Java: `air.java.version` in `io.trino:trino-root:<v>:pom` on Maven Central is `24.0.1` for 476, 477
 *   and 478 and `25.0.1` from 479 (trinodb/trino#27171 "Require JDK 25.0.1"; deployment docs
 *   trino.io/docs/478/installation/deployment.html ask for "Java 24, minimum 24.0.1"). Trino's startup
 *   check is a minimum, so 476 to 478 also start on a Java 25 runtime (verified with 476 on Temurin 25.0.3).
 * - Native S3 switch: `fs.native-s3.enabled` up to 480, renamed `fs.s3.enabled` in 481, the release that
 *   removed the legacy `hive.s3.*` file system (docs object-storage/file-system-s3.html at each tag);
 *   older releases refuse `fs.s3.enabled` at startup ("Configuration property 'fs.s3.enabled' was not
 *   used": checked on a real 476 server).
 * - `s3.auth-type` (`DEFAULT`, `IAM_ROLE`, `WEB_IDENTITY`, `ANONYMOUS`) from 483, which also removed
 *   `s3.use-web-identity-token-credentials-provider` (release notes 483, Hive/Iceberg/Delta sections).
 */
export class TrinoVersion {
  /** Trino 476 (June 2025), Java 24. */
  public static readonly V476 = new TrinoVersion(476);
  /** Trino 477 (September 2025), Java 24. */
  public static readonly V477 = new TrinoVersion(477);
  /** Trino 478 (October 2025), Java 24. */
  public static readonly V478 = new TrinoVersion(478);
  /** Trino 479 (December 2025), the first on Java 25. */
  public static readonly V479 = new TrinoVersion(479);
  /** Trino 480 (March 2026), the appVersion of Trino chart 1.42.2; the last with `fs.native-s3.enabled`. */
  public static readonly V480 = new TrinoVersion(480);
  /** Trino 481, the first with `fs.s3.enabled` and without the legacy `hive.s3.*` file system. */
  public static readonly V481 = new TrinoVersion(481);
  /** Trino 482. */
  public static readonly V482 = new TrinoVersion(482);
  /** Trino 483 (July 2026), the first with `s3.auth-type`. */
  public static readonly V483 = new TrinoVersion(483);

  /** The newest supported release, the default everywhere a version is optional. */
  public static readonly LATEST = TrinoVersion.V483;

  /** Every supported release, oldest first. */
  public static readonly SUPPORTED: TrinoVersion[] = [
    TrinoVersion.V476, TrinoVersion.V477, TrinoVersion.V478, TrinoVersion.V479,
    TrinoVersion.V480, TrinoVersion.V481, TrinoVersion.V482, TrinoVersion.V483,
  ];

  /**
   * The supported release with this number.
   *
   * @param version a release number, e.g. 480
   */
  public static of(version: number): TrinoVersion {
    const found = TrinoVersion.SUPPORTED.find((v) => v.version === version);
    if (!found) {
      throw propError('TrinoVersion', 'version', version,
        `is not supported: the supported Trino releases are ${OLDEST} to ${NEWEST} (use TrinoVersion.LATEST for ${NEWEST})`);
    }
    return found;
  }

  /** The release number, e.g. 483. */
  public readonly version: number;

  private constructor(version: number) {
    this.version = version;
  }

  /** The major Java version the release is built for and tested on (24 up to 478, 25 from 479). */
  public get javaMajorVersion(): number {
    return this.version >= 479 ? 25 : 24;
  }

  /** The oldest Java runtime the release starts on (`24.0.1` up to 478, `25.0.1` from 479). */
  public get minimumJavaVersion(): string {
    return this.version >= 479 ? '25.0.1' : '24.0.1';
  }

  /** The catalog property that turns on the native S3 file system: `fs.native-s3.enabled` up to 480, `fs.s3.enabled` from 481. */
  public get nativeS3EnabledProperty(): string {
    return this.version >= 481 ? 'fs.s3.enabled' : 'fs.native-s3.enabled';
  }

  /** Whether the release knows `s3.auth-type` (483 and later). */
  public get supportsS3AuthType(): boolean {
    return this.version >= 483;
  }

  /** The tag of the official `trinodb/trino` image for this release. */
  public get imageTag(): string {
    return String(this.version);
  }

  /** True when this release is `other` or newer. */
  public isAtLeast(other: TrinoVersion): boolean {
    return this.version >= other.version;
  }

  /** The release number as text, e.g. "483". */
  public toString(): string {
    return String(this.version);
  }
}
