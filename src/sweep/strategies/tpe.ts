/**
 * Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio, Kegl: "Algorithms for
 * Hyper-Parameter Optimization", NeurIPS 2011).
 *
 * Finished trials are split at the gamma quantile of the objective into a good group and the
 * rest. Each parameter gets two densities, l(x) from the good group and g(x) from the rest;
 * candidates are drawn from l and the one with the largest l(x)/g(x) (which maximizes expected
 * improvement under the TPE model) is proposed. Parameters are handled one by one in list order,
 * and a conditional parameter's densities use only the trials where it was active: that is the
 * "tree" in the name.
 */
import { childRng, type Rng } from '../../util/random.js';
import { bin, choiceIndex, domain, fromInternal, toInternal, type SearchSpace } from '../space.js';
import type { Direction, Observation, ParamDef, Params, TpeSpec } from '../types.js';
import { buildMixture, forgettingWeights, logMass, logPdf, sampleMixture } from './parzen.js';
import type { Strategy } from './strategy.js';

export const DEFAULT_TPE: TpeSpec = { n_startup_trials: 10, gamma: 0.25, n_ei_candidates: 24, prior_weight: 1 };

export class TpeStrategy implements Strategy {
  readonly name = 'tpe';
  readonly capacity = Infinity;
  private readonly options: TpeSpec;

  constructor(
    private readonly space: SearchSpace,
    private readonly seed: number,
    private readonly direction: Direction,
    options: Partial<TpeSpec> = {},
  ) {
    this.options = { ...DEFAULT_TPE, ...options };
  }

  suggest(number: number, history: readonly Observation[]): Params {
    const complete = history
      .filter((o) => o.status === 'complete' && typeof o.value === 'number' && Number.isFinite(o.value))
      .sort((a, b) => a.number - b.number);
    const finished = complete.length + history.filter((o) => o.status === 'pruned').length;
    // Pruned trials count as finished for the start-up phase (as in Optuna), but the split needs
    // at least one completed value.
    if (finished < this.options.n_startup_trials || complete.length === 0) {
      // Same draw as random search for this trial number: the start-up phase is random search.
      return this.space.sample(childRng(this.seed, `sweep-trial-${number}`));
    }
    const sign = this.direction === 'maximize' ? -1 : 1;
    const ranked = [...complete].sort((a, b) => sign * (a.value! - b.value!) || a.number - b.number);
    const nBelow = Math.max(1, Math.ceil(this.options.gamma * complete.length));
    const goodSet = new Set(ranked.slice(0, nBelow).map((o) => o.number));
    // Kernels are weighted by age (oldest first), so keep trial order inside each group.
    const good = complete.filter((o) => goodSet.has(o.number));
    // Pruned trials stopped because they looked bad: they inform g, never l.
    const bad = history
      .filter((o) => (complete.includes(o) && !goodSet.has(o.number)) || o.status === 'pruned')
      .sort((a, b) => a.number - b.number);

    const rng = childRng(this.seed, `sweep-tpe-${number}`);
    const params: Params = {};
    for (const def of this.space.defs) {
      if (def.name in params || !this.space.isActive(def, params)) continue;
      const below = this.observed(def, good);
      const above = this.observed(def, bad);
      params[def.name] = def.type === 'choice' ? this.pickChoice(def, below, above, rng) : this.pickNumber(def, below, above, rng);
    }
    return params;
  }

  /** Values of `def` in the trials where it was active. */
  private observed(def: ParamDef, trials: readonly Observation[]): unknown[] {
    const out: unknown[] = [];
    for (const t of trials) if (def.name in t.params && this.space.isActive(def, t.params)) out.push(t.params[def.name]);
    return out;
  }

  private pickNumber(def: ParamDef, below: unknown[], above: unknown[], rng: Rng): number {
    const d = domain(def);
    const inRange = (xs: unknown[]) =>
      xs.filter((x): x is number => typeof x === 'number' && x >= def.low! && x <= def.high!).map((x) => toInternal(def, x));
    const l = buildMixture(inRange(below), d.lower, d.upper, this.options.prior_weight);
    const g = buildMixture(inRange(above), d.lower, d.upper, this.options.prior_weight);
    let best = NaN;
    let bestScore = -Infinity;
    for (let i = 0; i < this.options.n_ei_candidates; i++) {
      const x = fromInternal(def, sampleMixture(l, rng));
      let score: number;
      if (d.step !== undefined) {
        // Stepped values are compared by the mass of their bin, not a point density.
        const [a, b] = bin(def, x);
        score = logMass(l, a, b) - logMass(g, a, b);
      } else {
        const u = toInternal(def, x);
        score = logPdf(l, u) - logPdf(g, u);
      }
      if (score > bestScore || Number.isNaN(best)) {
        bestScore = score;
        best = x;
      }
    }
    return best;
  }

  private pickChoice(def: ParamDef, below: unknown[], above: unknown[], rng: Rng): unknown {
    const k = def.values!.length;
    const lw = this.choiceWeights(def, below);
    const gw = this.choiceWeights(def, above);
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < this.options.n_ei_candidates; i++) {
      let u = rng.next();
      let c = 0;
      while (c < k - 1 && u >= lw[c]!) {
        u -= lw[c]!;
        c++;
      }
      const score = Math.log(lw[c]!) - Math.log(gw[c]!);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return def.values![best];
  }

  /** Smoothed category frequencies: prior_weight spread evenly plus age-weighted counts. */
  private choiceWeights(def: ParamDef, observed: unknown[]): number[] {
    const k = def.values!.length;
    const w = new Array<number>(k).fill(this.options.prior_weight / k);
    // Same age weighting as the numeric kernels.
    const ageWeights = forgettingWeights(observed.length);
    observed.forEach((v, i) => {
      const c = choiceIndex(def, v);
      if (c >= 0) w[c]! += ageWeights[i]!;
    });
    const total = w.reduce((s, x) => s + x, 0);
    return w.map((x) => x / total);
  }
}
