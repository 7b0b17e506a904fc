import { Lazy } from 'aws-cdk-lib';

/**
 * A string the resolver needs before the construct that provides it exists (the exchange bucket's name, the created
 * VPC's address range): the resolver renders `token`, the builder binds the value once it created the construct, and
 * the token resolves at synth. So everything is rendered once, before any resource exists, and bad input creates nothing.
 */
export class LateBoundString {
  private value?: string;
  /** Stands for the value in what the resolver renders. */
  public readonly token: string;

  constructor(what: string) {
    this.token = Lazy.string({
      produce: () => {
        if (this.value === undefined) throw new Error(`TrinoOnEks: ${what} was rendered but never created`);
        return this.value;
      },
    });
  }

  /** Supplies the value (once). */
  public bind(value: string): void {
    if (this.value !== undefined) throw new Error('LateBoundString: bound twice');
    this.value = value;
  }
}
