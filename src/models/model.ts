import { Registry, type ParamSpec } from '../registry.js';
import type { Rng } from '../util/random.js';
import { ConfigError } from '../errors.js';
import { Embedding } from './embedding.js';
import { initializerRegistry } from './initializers.js';
import { constraintRegistry, type Constraint } from './constraints.js';
import type { Interaction } from './interaction.js';
import { TransEInteraction } from './interactions/transe.js';
import { DistMultInteraction } from './interactions/distmult.js';
import { ComplExInteraction } from './interactions/complex.js';
import { RotatEInteraction } from './interactions/rotate.js';

/** A model = an interaction + one embedding table for entities and one for relations. */
export class Model {
  constructor(
    readonly name: string,
    readonly interaction: Interaction,
    readonly entities: Embedding,
    readonly relations: Embedding,
    readonly embeddingDim: number,
    readonly entityConstraint: Constraint | null,
    readonly relationConstraint: Constraint | null,
    readonly kwargs: Record<string, unknown>,
  ) {}

  get numEntities(): number {
    return this.entities.num;
  }

  get numRelations(): number {
    return this.relations.num;
  }

  /** Re-applies constraints to the given rows (all rows when omitted). */
  applyConstraints(entityRows?: ArrayLike<number>, relationRows?: ArrayLike<number>): void {
    this.entityConstraint?.(this.entities.data, this.entities.width, entityRows);
    this.relationConstraint?.(this.relations.data, this.relations.width, relationRows);
  }

  snapshot(): { entities: Float32Array; relations: Float32Array } {
    return { entities: this.entities.snapshot(), relations: this.relations.snapshot() };
  }

  restore(s: { entities: Float32Array; relations: Float32Array }): void {
    this.entities.restore(s.entities);
    this.relations.restore(s.relations);
  }
}

export interface ModelContext {
  numEntities: number;
  numRelations: number;
  rng: Rng;
}

interface ModelDefaults {
  entity_initializer: string;
  relation_initializer: string;
  entity_constrainer: string | null;
  relation_constrainer: string | null;
}

const commonParams = (d: ModelDefaults): ParamSpec[] => [
  { name: 'embedding_dim', type: 'int', default: 50, low: 16, high: 256, log: true, description: 'embedding dimension (complex models store 2x floats)' },
  { name: 'entity_initializer', type: 'string', default: d.entity_initializer, description: 'initializer for entity rows (see `kge ls initializers`)' },
  { name: 'relation_initializer', type: 'string', default: d.relation_initializer, description: 'initializer for relation rows' },
  { name: 'entity_constrainer', type: 'string', default: d.entity_constrainer ?? undefined, description: 'constraint applied to entity rows after each update (unit_l2, complex_unit_modulus) or null' },
  { name: 'relation_constrainer', type: 'string', default: d.relation_constrainer ?? undefined, description: 'constraint applied to relation rows after each update, or null' },
];

function build(name: string, interaction: Interaction, kwargs: Record<string, unknown>, ctx: ModelContext): Model {
  const dim = kwargs.embedding_dim as number;
  if (!(dim >= 1)) throw new ConfigError(`embedding_dim must be >= 1, got ${dim}`, 'model_kwargs.embedding_dim');
  const entities = new Embedding(ctx.numEntities, interaction.entityWidth(dim));
  const relations = new Embedding(ctx.numRelations, interaction.relationWidth(dim));
  initializerRegistry.create(kwargs.entity_initializer as string, {}, undefined, 'model_kwargs.entity_initializer')(entities.data, entities.width, ctx.rng);
  initializerRegistry.create(kwargs.relation_initializer as string, {}, undefined, 'model_kwargs.relation_initializer')(relations.data, relations.width, ctx.rng);
  const constraint = (key: string) => {
    const v = kwargs[key];
    return v == null ? null : constraintRegistry.create(v as string, {}, undefined, `model_kwargs.${key}`);
  };
  const model = new Model(name, interaction, entities, relations, dim, constraint('entity_constrainer'), constraint('relation_constrainer'), kwargs);
  model.applyConstraints();
  return model;
}

export const modelRegistry = new Registry<Model, ModelContext>('model', 'model');

// Defaults follow PyKEEN's model classes.
modelRegistry.register({
  name: 'TransE',
  description: 'f = -||h + r - t||_p; entity rows kept at unit L2 norm (Bordes et al. 2013)',
  params: [
    ...commonParams({ entity_initializer: 'xavier_uniform', relation_initializer: 'xavier_uniform_norm', entity_constrainer: 'unit_l2', relation_constrainer: null }),
    { name: 'scoring_fct_norm', type: 'choice', values: [1, 2], default: 1, description: 'p of the distance (1 or 2)' },
  ],
  create: (kw, ctx) => build('TransE', new TransEInteraction(kw.scoring_fct_norm as 1 | 2), kw, ctx),
});

modelRegistry.register({
  name: 'DistMult',
  description: 'f = sum h * r * t; entity rows kept at unit L2 norm (Yang et al. 2015)',
  params: commonParams({ entity_initializer: 'xavier_uniform', relation_initializer: 'xavier_normal_norm', entity_constrainer: 'unit_l2', relation_constrainer: null }),
  create: (kw, ctx) => build('DistMult', new DistMultInteraction(), kw, ctx),
});

modelRegistry.register({
  name: 'ComplEx',
  description: 'f = Re(<h, r, conj(t)>) (Trouillon et al. 2016)',
  params: commonParams({ entity_initializer: 'normal', relation_initializer: 'normal', entity_constrainer: null, relation_constrainer: null }),
  create: (kw, ctx) => build('ComplEx', new ComplExInteraction(), kw, ctx),
});

modelRegistry.register({
  name: 'RotatE',
  description: 'f = -||h o r - t|| with r a unit-modulus rotation (Sun et al. 2019)',
  params: commonParams({ entity_initializer: 'xavier_uniform', relation_initializer: 'uniform_phases', entity_constrainer: null, relation_constrainer: null }),
  create: (kw, ctx) => build('RotatE', new RotatEInteraction(), kw, ctx),
});
