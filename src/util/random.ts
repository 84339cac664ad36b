import seedrandom from 'seedrandom';

/** Seeded random source. One per purpose (init, shuffling, sampling) so streams stay independent. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function createRng(seed: number | string): Rng {
  const prng = seedrandom(String(seed));
  return {
    next: () => prng.quick(),
    int: (n: number) => Math.floor(prng.quick() * n),
  };
}

/** Derives an independent stream for a named purpose from the run's seed. */
export function childRng(seed: number | string, purpose: string): Rng {
  return createRng(`${seed}/${purpose}`);
}

/** In-place Fisher-Yates shuffle. */
export function shuffleInPlace(a: Int32Array | number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = a[i]!;
    a[i] = a[j]!;
    a[j] = tmp;
  }
}
