/**
 * Parzen (kernel) density estimators for TPE: a mixture of Gaussians truncated to [lower, upper],
 * one kernel per observation plus a broad prior kernel, with the adaptive bandwidths of
 * Bergstra et al. (2011) / hyperopt: each kernel is as wide as the larger gap to its neighbours.
 */
import type { Rng } from '../../util/random.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Complementary error function (Numerical Recipes erfcc; relative error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normPpf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - plow) return -normPpf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Mass of N(0,1) on [za, zb], computed on the side of the tail that keeps precision. */
function normMass(za: number, zb: number): number {
  return za > 0 ? normCdf(-za) - normCdf(-zb) : normCdf(zb) - normCdf(za);
}

export interface Mixture {
  lower: number;
  upper: number;
  mus: number[];
  sigmas: number[];
  /** Normalized to sum 1. */
  weights: number[];
  /** Each kernel's mass inside [lower, upper] (its truncation normalizer). */
  masses: number[];
}

/**
 * hyperopt's linear forgetting: the most recent `flat` observations weigh 1, older ones ramp
 * down linearly, so an old region of the space stops dominating once many trials have run.
 */
export function forgettingWeights(n: number, flat = 25): number[] {
  if (n <= flat) return new Array<number>(n).fill(1);
  const ramp = n - flat;
  const out: number[] = [];
  for (let i = 0; i < ramp; i++) out.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  for (let i = 0; i < flat; i++) out.push(1);
  return out;
}

/**
 * Builds the density from observations (internal coordinates, oldest first). The prior kernel
 * sits at the middle of the range with the range's width as bandwidth and weight `priorWeight`.
 */
export function buildMixture(observations: readonly number[], lower: number, upper: number, priorWeight: number): Mixture {
  const width = upper - lower;
  const priorMu = (lower + upper) / 2;
  const obsWeights = forgettingWeights(observations.length);
  // Points sorted with the prior mean among them; bandwidth = larger gap to a neighbour.
  const items = observations.map((mu, i) => ({ mu, w: obsWeights[i]!, prior: false }));
  items.push({ mu: priorMu, w: priorWeight, prior: true });
  items.sort((x, y) => x.mu - y.mu);
  const n = items.length;
  const maxSigma = width;
  const minSigma = width / Math.min(100, 1 + n);
  const mus: number[] = [];
  const sigmas: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    const it = items[i]!;
    let sigma: number;
    if (it.prior) sigma = width;
    else {
      const left = i > 0 ? it.mu - items[i - 1]!.mu : 0;
      const right = i < n - 1 ? items[i + 1]!.mu - it.mu : 0;
      sigma = Math.min(Math.max(Math.max(left, right), minSigma), maxSigma);
    }
    mus.push(it.mu);
    sigmas.push(sigma);
    weights.push(it.w);
  }
  const total = weights.reduce((s, w) => s + w, 0);
  const masses = mus.map((mu, i) => Math.max(normMass((lower - mu) / sigmas[i]!, (upper - mu) / sigmas[i]!), 1e-300));
  return { lower, upper, mus, sigmas, weights: weights.map((w) => w / total), masses };
}

function logSumExp(xs: number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** log density at x (continuous parameters). */
export function logPdf(m: Mixture, x: number): number {
  if (x < m.lower || x > m.upper) return -Infinity;
  const terms = m.mus.map((mu, i) => {
    const s = m.sigmas[i]!;
    const z = (x - mu) / s;
    return Math.log(m.weights[i]!) - 0.5 * z * z - LOG_SQRT_2PI - Math.log(s) - Math.log(m.masses[i]!);
  });
  return logSumExp(terms);
}

/** log probability of the interval [a, b] (a stepped value's bin). */
export function logMass(m: Mixture, a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < m.mus.length; i++) {
    const s = m.sigmas[i]!;
    p += (m.weights[i]! * normMass((a - m.mus[i]!) / s, (b - m.mus[i]!) / s)) / m.masses[i]!;
  }
  return Math.log(Math.max(p, 1e-300));
}

/** One draw: pick a kernel by weight, then invert its truncated CDF. */
export function sampleMixture(m: Mixture, rng: Rng): number {
  let u = rng.next();
  let k = 0;
  while (k < m.weights.length - 1 && u >= m.weights[k]!) {
    u -= m.weights[k]!;
    k++;
  }
  const mu = m.mus[k]!;
  const s = m.sigmas[k]!;
  const za = (m.lower - mu) / s;
  const zb = (m.upper - mu) / s;
  const v = rng.next();
  let z: number;
  if (za > 0) {
    // Kernel centre below the range: sample the mirrored upper tail, where the CDF keeps precision.
    const pa = normCdf(-zb);
    const pb = normCdf(-za);
    z = -normPpf(pa + v * (pb - pa));
  } else {
    const pa = normCdf(za);
    const pb = normCdf(zb);
    z = normPpf(pa + v * (pb - pa));
  }
  const x = mu + s * z;
  if (!Number.isFinite(x)) return m.lower + v * (m.upper - m.lower);
  return Math.min(Math.max(x, m.lower), m.upper);
}
