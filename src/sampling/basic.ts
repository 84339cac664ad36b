import { ConfigError } from '../errors.js';
import type { Rng } from '../util/random.js';
import { CorruptionSampler, uniformOther, type CandidateSlot, type CorruptionOptions } from './corruption.js';
import { HEAD, RELATION, TAIL, type SamplerContext, type Slot } from './types.js';

const SLOT_NAMES: Readonly<Record<string, Slot>> = { head: HEAD, h: HEAD, relation: RELATION, r: RELATION, tail: TAIL, t: TAIL };

/** Parses a corruption scheme such as `['head', 'tail']` (also `h`/`r`/`t`) into slots. */
export function parseCorruptionScheme(value: unknown, where = 'corruption_scheme'): Slot[] {
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError(`corruption_scheme must be a non-empty list of 'head', 'relation', 'tail', got ${JSON.stringify(value)}`, where);
  }
  const slots: Slot[] = [];
  for (const item of list) {
    const slot = typeof item === 'string' ? SLOT_NAMES[item.toLowerCase()] : undefined;
    if (slot === undefined) throw new ConfigError(`unknown corruption_scheme entry ${JSON.stringify(item)}; use 'head', 'relation' or 'tail'`, where);
    if (slots.includes(slot)) throw new ConfigError(`corruption_scheme lists ${JSON.stringify(item)} twice`, where);
    slots.push(slot);
  }
  return slots;
}

export interface BasicOptions extends CorruptionOptions {
  corruptionScheme: readonly Slot[];
}

/**
 * Uniform negative sampling (Bordes et al. 2013, PyKEEN's `basic`): pick one slot of the
 * corruption scheme uniformly, replace it by a uniformly drawn other id.
 */
export class BasicNegativeSampler extends CorruptionSampler {
  readonly corruptionScheme: readonly Slot[];

  constructor(context: SamplerContext, options: BasicOptions) {
    super(context, options, "negative sampler 'basic'");
    if (options.corruptionScheme.length === 0) throw new ConfigError('corruption_scheme must not be empty', "negative sampler 'basic'");
    if (options.corruptionScheme.includes(RELATION) && this.numRelations < 2) {
      throw new ConfigError(`cannot corrupt relations of a graph with ${this.numRelations} relation`, "negative sampler 'basic'");
    }
    this.corruptionScheme = [...options.corruptionScheme];
  }

  protected corrupt(h: number, r: number, t: number, rng: Rng, out: Int32Array, o: number): void {
    const scheme = this.corruptionScheme;
    const slot = scheme.length === 1 ? scheme[0]! : scheme[rng.int(scheme.length)]!;
    out[o] = h;
    out[o + 1] = r;
    out[o + 2] = t;
    if (slot === RELATION) out[o + 1] = uniformOther(this.numRelations, r, rng);
    else out[o + slot] = uniformOther(this.numEntities, slot === HEAD ? h : t, rng);
  }

  protected candidateSlots(): CandidateSlot[] {
    return this.corruptionScheme.map((slot) => ({ slot, pool: null }));
  }
}
