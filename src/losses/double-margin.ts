import { tf } from '../compute/tf.js';
import { ConfigError } from '../errors.js';
import { marginActivation, MARGIN_ACTIVATIONS, type Activation, type MarginActivationName } from './math.js';
import { PointwiseLoss, type PointwiseKwargs } from './pointwise.js';
import { readChoice, readNumber, readOptionalNumber } from './params.js';

export interface DoubleMarginKwargs extends PointwiseKwargs {
  positive_margin?: number;
  negative_margin?: number;
  offset?: number;
  positive_negative_balance?: number;
  margin_activation?: MarginActivationName;
}

/**
 * Limit-based loss with separate absolute margins (Sun et al. 2018), as defined by PyKEEN:
 *
 *   b * g(positive_margin - s_pos) + (1 - b) * g(negative_margin + s_neg)
 *
 * b = positive_negative_balance, g = margin activation. Margins come from exactly one of:
 * nothing (1 and 0), positive_margin and/or negative_margin (a missing one keeps its default),
 * positive_margin + offset (negative = positive - offset) or negative_margin + offset
 * (positive = negative + offset); positive_margin must not be smaller than negative_margin.
 *
 * LCWA: per element b y g(pm - s) + (1 - b)(1 - y) g(nm + s), reduced over all B*N elements.
 * sLCWA: per (positive i, negative j) pair b g(pm - s_i) + (1 - b) g(nm + s_ij), reduced over the
 * B*k pairs; i.e. 'mean' = b mean_i + (1 - b) mean_ij and 'sum' = k b sum_i + (1 - b) sum_ij,
 * PyKEEN's numbers. Label smoothing applies in LCWA only.
 */
export class DoubleMarginLoss extends PointwiseLoss {
  readonly positiveMargin: number;
  readonly negativeMargin: number;
  readonly positiveNegativeBalance: number;
  readonly marginActivation: MarginActivationName;
  private readonly activation: Activation;

  constructor(kwargs: DoubleMarginKwargs = {}) {
    super(kwargs);
    const w = this.where;
    const pm = readOptionalNumber(w, 'positive_margin', kwargs.positive_margin);
    const nm = readOptionalNumber(w, 'negative_margin', kwargs.negative_margin);
    const offset = readOptionalNumber(w, 'offset', kwargs.offset, { min: 0 });
    [this.positiveMargin, this.negativeMargin] = resolveMargins(w, pm, nm, offset);
    this.positiveNegativeBalance = readNumber(w, 'positive_negative_balance', kwargs.positive_negative_balance, 0.5, { min: 0, max: 1 });
    this.marginActivation = readChoice(w, 'margin_activation', kwargs.margin_activation, MARGIN_ACTIVATIONS, 'relu');
    this.activation = marginActivation(this.marginActivation);
  }

  private positivePart(s: tf.Tensor): tf.Tensor {
    return tf.mul(this.positiveNegativeBalance, this.activation(tf.sub(this.positiveMargin, s)));
  }

  private negativePart(s: tf.Tensor): tf.Tensor {
    return tf.mul(1 - this.positiveNegativeBalance, this.activation(tf.add(this.negativeMargin, s)));
  }

  elementwise(scores: tf.Tensor, labels: tf.Tensor): tf.Tensor {
    return tf.add(tf.mul(labels, this.positivePart(scores)), tf.mul(tf.sub(1, labels), this.negativePart(scores)));
  }

  override forwardSlcwa(posScores: tf.Tensor1D, negScores: tf.Tensor2D): tf.Scalar {
    this.checkSlcwa(posScores, negScores);
    if (this.labelSmoothing) {
      throw new ConfigError('label_smoothing is supported in LCWA only for this loss (as in PyKEEN); set it to 0 for sLCWA', this.where);
    }
    return this.reduce(tf.add(this.positivePart(tf.expandDims(posScores, 1)), this.negativePart(negScores)));
  }
}

function resolveMargins(where: string, pm?: number, nm?: number, offset?: number): [number, number] {
  let out: [number, number] | undefined;
  if (pm === undefined && nm === undefined && offset === undefined) out = [1, 0];
  else if (offset === undefined && pm !== undefined && nm !== undefined) out = [pm, nm];
  // One margin alone keeps the other's default (PyKEEN rejects this combination).
  else if (offset === undefined && pm !== undefined) out = [pm, 0];
  else if (offset === undefined && nm !== undefined) out = [1, nm];
  else if (offset !== undefined && pm !== undefined && nm === undefined) out = [pm, pm - offset];
  else if (offset !== undefined && nm !== undefined && pm === undefined) out = [nm + offset, nm];
  if (!out) {
    throw new ConfigError(
      `give the margins as positive_margin + negative_margin, positive_margin + offset or negative_margin + offset; got positive_margin=${pm}, negative_margin=${nm}, offset=${offset}`,
      where,
    );
  }
  if (out[1] > out[0]) {
    throw new ConfigError(`positive_margin (${out[0]}) must not be smaller than negative_margin (${out[1]})`, where);
  }
  return out;
}
