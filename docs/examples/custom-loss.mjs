// A loss of your own, registered by name and then used like a built-in one.
//
//   npm ci                                  # installs and builds dist/
//   node docs/examples/custom-loss.mjs
//
// The recipe: subclass a family (PointwiseLoss, PairwiseLoss or SetwiseLoss), implement its one
// method, register a factory with its parameters, and name the loss in the config. See
// docs/losses.md, "Writing your own loss".
import {
  tf,
  PairwiseLoss,
  lossRegistry,
  resolveLoss,
  describeLosses,
  withContext,
  readNumber,
  REDUCTION_PARAM,
} from 'kge';

/**
 * Squared pairwise hinge: max(0, s_neg - s_pos + margin)^2. Like margin ranking, but a pair's
 * penalty grows with the square of its violation.
 */
class SquaredHingeLoss extends PairwiseLoss {
  constructor(kwargs = {}) {
    super(kwargs); // reads and checks `reduction`
    // Range checks here also guard `new SquaredHingeLoss({...})`, which bypasses the registry.
    this.margin = readNumber(this.where, 'margin', kwargs.margin, 1, { min: 0 });
  }

  // One term per (positive, negative) pair. PairwiseLoss forms the pairs (sLCWA: each negative
  // with its positive; LCWA: every positive with every negative of its row) and reduces them.
  pairwise(pos, neg) {
    return tf.square(tf.relu(tf.add(tf.sub(neg, pos), this.margin)));
  }
}

lossRegistry.register({
  name: 'squaredhinge',
  family: 'pairwise',
  description: 'squared pairwise hinge: max(0, s_neg - s_pos + margin)^2',
  // Declared params: anything else is rejected; low/high are the default sweep range.
  params: [{ name: 'margin', type: 'float', default: 1, low: 0, high: 3, description: 'margin, >= 0' }, REDUCTION_PARAM],
  create: (kwargs, context) => withContext(new SquaredHingeLoss(kwargs), context),
});

// Any spelling resolves: squaredhinge, SquaredHingeLoss, squared-hinge, Squared_Hinge_Loss.
const loss = resolveLoss('Squared_Hinge_Loss', { margin: 0.5 });

// sLCWA: two positives with two negatives each (row i of neg belongs to positive i).
const pos = [1.0, 0.2];
const neg = [
  [0.8, -1.0],
  [0.5, 0.1],
];
const slcwa = tf.tidy(() => loss.forwardSlcwa(tf.tensor1d(pos), tf.tensor2d(neg)).dataSync()[0]);
// By hand: (0.8 - 1.0 + 0.5)^2 = 0.09, (-1.0 - 1.0 + 0.5) < 0 -> 0, (0.5 - 0.2 + 0.5)^2 = 0.64,
// (0.1 - 0.2 + 0.5)^2 = 0.16; mean of the 4 pairs = 0.2225.
check('sLCWA loss', slcwa, (0.09 + 0 + 0.64 + 0.16) / 4);

// LCWA: a score matrix and 0/1 labels; entity 0 is the positive of the single row.
const lcwa = tf.tidy(() => loss.forward(tf.tensor2d([[1.0, 0.8, -1.0]]), tf.tensor2d([[1, 0, 0]])).dataSync()[0]);
check('LCWA loss', lcwa, (0.09 + 0) / 2);

// The training step differentiates the loss with respect to the scores; nothing to write by hand.
const grad = tf.tidy(() =>
  Array.from(tf.grad((p) => loss.forwardSlcwa(p, tf.tensor2d(neg)))(tf.tensor1d(pos)).dataSync()),
);
// d/ds_pos of mean_j (n_j - s_pos + m)^2 = -2 * sum of active violations / 4
check('d loss / d pos[0]', grad[0], (-2 * 0.3) / 4);
check('d loss / d pos[1]', grad[1], (-2 * (0.8 + 0.4)) / 4);

// Bad values fail early, naming the key and the value.
try {
  resolveLoss('squaredhinge', { margin: -1 });
} catch (err) {
  console.log(`rejected: ${err.message}`);
}

// `kge ls losses` lists it with the built-ins.
const listed = describeLosses().find((d) => d.name === 'squaredhinge');
console.log(`listed: ${listed.name} (${listed.family}) - ${listed.description}`);

// In a run, register first (as above), then name the loss in the config, e.g.
//   loss: squaredhinge
//   loss_kwargs: { margin: 0.5 }
// and start it from this script with `await pipeline(config)` (imported from 'kge').

function check(what, got, expected) {
  const ok = Math.abs(got - expected) < 1e-5;
  console.log(`${what}: ${got.toFixed(6)} (by hand ${expected.toFixed(6)}) ${ok ? 'ok' : 'MISMATCH'}`);
  if (!ok) process.exitCode = 1;
}
