/** A requirement as a NodePool writes it. */
export interface RenderedRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: string[];
  readonly minValues?: number;
}
