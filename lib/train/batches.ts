/**
 * Mini-batch index streams for SGD: with replacement (B i.i.d. uniform indices per step) or without
 * (a fresh random permutation each epoch cut into consecutive batches; the last batch of an epoch is
 * smaller when B does not divide n, so every sample is seen exactly once per epoch).
 */
import { integer } from "../runtime/validate";
import { toRng, type Rng } from "../runtime/rng";

/** A stream of batches of sample indices. */
export interface BatchStream {
  /** Indices of the next batch. */
  next(): Int32Array;
}

/**
 * Batches of indices into {0, …, n − 1}.
 * @example
 * const s = batchStream(10, { batchSize: 4, replacement: false, seed: 0 });
 * s.next(); s.next(); s.next(); // sizes 4, 4, 2: one epoch, each index once
 */
export function batchStream(n: number, opts: { batchSize: number; replacement?: boolean; seed: number | Rng }): BatchStream {
  integer("n", n, 1);
  const B = integer("batchSize", opts.batchSize, 1);
  const rng = toRng(opts.seed);
  if (opts.replacement) {
    return {
      next() {
        const idx = new Int32Array(B);
        for (let i = 0; i < B; i++) idx[i] = rng.int(n);
        return idx;
      },
    };
  }
  let perm = rng.permutation(n);
  let pos = 0;
  return {
    next() {
      if (pos >= n) {
        perm = rng.permutation(n);
        pos = 0;
      }
      const end = Math.min(n, pos + B);
      const idx = perm.slice(pos, end);
      pos = end;
      return idx;
    },
  };
}
