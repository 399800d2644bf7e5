import { DomainError, ErrorCode } from './errors.js';

/**
 * Downloads in progress per caller on this replica (the spools are on its disk): `take` answers the
 * function that gives the slot back (once), or throws RATE_LIMITED when the caller has them all.
 */
export class DownloadSlots {
  private readonly inUse = new Map<string, number>();

  constructor(private readonly limit: () => number) {}

  take(caller: string): () => void {
    const used = this.inUse.get(caller) ?? 0;
    if (used >= this.limit()) {
      throw new DomainError(ErrorCode.RATE_LIMITED, `You have ${used} exports downloading already: let one finish first`, undefined, { retryAfterSeconds: 10 });
    }
    this.inUse.set(caller, used + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.inUse.get(caller) ?? 1) - 1;
      if (left > 0) this.inUse.set(caller, left);
      else this.inUse.delete(caller);
    };
  }
}
