/** A set of pods allowed to reach the metastore's Thrift port. */
export interface MetastoreClient {
  /** Namespace of the client pods. */
  readonly namespace: string;
  /**
   * Labels the client pods carry.
   *
   * @default - every pod of the namespace
   */
  readonly podLabels?: Record<string, string>;
}
