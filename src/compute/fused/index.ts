/** Fused CPU kernels: interaction name -> kernel; see docs/performance.md. */
import type { Interaction } from '../../models/interaction.js';
import type { FusedKernel } from './kernel.js';
import { TransEKernel } from './transe.js';
import { DistMultKernel } from './distmult.js';
import { ComplExKernel } from './complex.js';
import { RotatEKernel } from './rotate.js';

export type { FusedKernel, RankingForm } from './kernel.js';
export { TransEKernel, DistMultKernel, ComplExKernel, RotatEKernel };
export { FusedScorer, type FusedScorerOptions } from './scorer.js';
export { wasmSimdAvailable } from './wasm/module.js';

/**
 * The fused kernel for an interaction, or null when it has none (the tfjs engine then runs it).
 * Matches on `interaction.name` (and TransE's `p`), so a user interaction with its own name
 * never picks up a kernel by accident.
 */
export function fusedKernelFor(interaction: Interaction): FusedKernel | null {
  switch (interaction.name) {
    case 'TransE': {
      const p = (interaction as Interaction & { p?: unknown }).p;
      return p === 1 || p === 2 ? new TransEKernel(p) : null;
    }
    case 'DistMult':
      return new DistMultKernel();
    case 'ComplEx':
      return new ComplExKernel();
    case 'RotatE':
      return new RotatEKernel();
    default:
      return null;
  }
}
