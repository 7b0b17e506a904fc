import * as path from 'path';
import { Token } from 'aws-cdk-lib';
import { DockerImageAsset, Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';
import { propError } from '../private/validation';

/** CPU architecture of a metastore image; pods are scheduled on nodes of that architecture. */
export enum ImageArchitecture {
  /** x86-64 nodes. */
  AMD64 = 'amd64',
  /** Graviton (arm64) nodes. */
  ARM64 = 'arm64',
}

/** Options for building the bundled metastore image. */
export interface MetastoreImageAssetOptions {
  /**
   * Architecture to build for; the metastore pods are then scheduled on nodes of that architecture.
   *
   * @default ImageArchitecture.AMD64
   */
  readonly architecture?: ImageArchitecture;
}

/** What a metastore image gives the Deployment. */
export interface MetastoreImageConfig {
  /** The image reference pods pull. */
  readonly imageUri: string;
  /**
   * The architecture the image runs on, when known.
   *
   * @default - any node
   */
  readonly architecture?: ImageArchitecture;
}

/** The container image the Hive Metastore runs. */
export abstract class MetastoreImage {
  /**
   * Builds `docker/hive-metastore` (shipped in this package) at deploy time and pushes it to the
   * CDK assets repository: Hive standalone metastore, PostgreSQL and AWS JDBC drivers, S3 support.
   */
  public static fromAsset(options: MetastoreImageAssetOptions = {}): MetastoreImage {
    return new AssetImage(options.architecture ?? ImageArchitecture.AMD64);
  }

  /**
   * An image already in a registry, built from `docker/hive-metastore` or compatible with its
   * entrypoint. It must be pinned: a tag (`repo:4.1.0`) or a digest (`repo@sha256:…`).
   */
  public static fromRegistry(imageUri: string, architecture?: ImageArchitecture): MetastoreImage {
    if (!Token.isUnresolved(imageUri) && !/(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/.test(imageUri.split('/').pop() ?? '')) {
      throw propError('MetastoreImage', 'imageUri', imageUri,
        'must name a tag or a digest (e.g. "registry/hive-metastore:4.1.0" or "...@sha256:<64 hex>"), so every replica runs the same image');
    }
    return new RegistryImage(imageUri, architecture);
  }

  /** Called by HiveMetastoreService to create what the image needs in `scope`. */
  public abstract bind(scope: Construct): MetastoreImageConfig;
}

/** Directory of the bundled image definition, relative to this file in both src/ and lib/. */
export const METASTORE_IMAGE_DIRECTORY = path.join(__dirname, '..', '..', 'docker', 'hive-metastore');

class AssetImage extends MetastoreImage {
  constructor(private readonly architecture: ImageArchitecture) {
    super();
  }
  public bind(scope: Construct): MetastoreImageConfig {
    const asset = new DockerImageAsset(scope, 'Image', {
      directory: METASTORE_IMAGE_DIRECTORY,
      platform: this.architecture === ImageArchitecture.ARM64 ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
    });
    return { imageUri: asset.imageUri, architecture: this.architecture };
  }
}

class RegistryImage extends MetastoreImage {
  constructor(private readonly imageUri: string, private readonly architecture?: ImageArchitecture) {
    super();
  }
  public bind(): MetastoreImageConfig {
    return { imageUri: this.imageUri, architecture: this.architecture };
  }
}
