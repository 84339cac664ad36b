import { Registry } from '../registry.js';
import type { Rng } from '../util/random.js';
import { normalizeRows } from './constraints.js';

/** Fills a table of `width`-float rows in place. */
export type Initializer = (data: Float32Array, width: number, rng: Rng) => void;

function gaussian(rng: Rng): number {
  // Box-Muller; 1 - u keeps the log finite.
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function uniform(data: Float32Array, bound: number, rng: Rng): void {
  for (let i = 0; i < data.length; i++) data[i] = (2 * rng.next() - 1) * bound;
}

function normal(data: Float32Array, std: number, rng: Rng): void {
  for (let i = 0; i < data.length; i++) data[i] = gaussian(rng) * std;
}

// PyKEEN's embedding variants of Glorot/Xavier treat a row as a layer with fan = dim:
// uniform bound gain*sqrt(6/dim), normal std gain*sqrt(2/dim).
const xavierUniform: Initializer = (d, w, rng) => uniform(d, Math.sqrt(6 / w), rng);
const xavierNormal: Initializer = (d, w, rng) => normal(d, Math.sqrt(2 / w), rng);

export const initializerRegistry = new Registry<Initializer>('initializer', 'init');

const simple = (name: string, description: string, fn: Initializer) =>
  initializerRegistry.register({ name, description, params: [], create: () => fn });

simple('xavier_uniform', 'U(-a, a), a = sqrt(6 / dim)', xavierUniform);
simple('xavier_uniform_norm', 'xavier_uniform, then each row scaled to unit L2 norm', (d, w, rng) => {
  xavierUniform(d, w, rng);
  normalizeRows(d, w);
});
simple('xavier_normal', 'N(0, 2 / dim)', xavierNormal);
simple('xavier_normal_norm', 'xavier_normal, then each row scaled to unit L2 norm', (d, w, rng) => {
  xavierNormal(d, w, rng);
  normalizeRows(d, w);
});
simple('normal', 'N(0, 1)', (d, _w, rng) => normal(d, 1, rng));
simple('uniform', 'U(0, 1)', (d, _w, rng) => {
  for (let i = 0; i < d.length; i++) d[i] = rng.next();
});
simple('uniform_phases', 'relation phases for RotatE: U(0, 2 pi)', (d, _w, rng) => {
  for (let i = 0; i < d.length; i++) d[i] = 2 * Math.PI * rng.next();
});
simple('zeros', 'all zeros', (d) => d.fill(0));
