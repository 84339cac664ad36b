import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import {
  AdversarialBCEWithLogitsLoss, BCEAfterSigmoidLoss, BCEWithLogitsLoss, CrossEntropyLoss, DEFAULT_LOSS, DoubleMarginLoss,
  FocalLoss, InfoNCELoss, Loss, MarginRankingLoss, MSELoss, NSSALoss, PairwiseLogisticLoss, PairwiseLoss, PointwiseHingeLoss,
  PointwiseLoss, REDUCTION_PARAM, SetwiseLoss, SoftMarginRankingLoss, SoftplusLoss, SoftPointwiseHingeLoss,
  describeLosses, lossRegistry, resolveLoss, withContext,
} from '../../src/losses/index.js';
import { expectClose, tf, value } from './helpers.js';

const BUILT_IN: [string, new (...a: never[]) => Loss, string][] = [
  ['marginranking', MarginRankingLoss, 'pairwise'],
  ['softmarginranking', SoftMarginRankingLoss, 'pairwise'],
  ['pairwiselogistic', PairwiseLogisticLoss, 'pairwise'],
  ['doublemargin', DoubleMarginLoss, 'pointwise'],
  ['pointwisehinge', PointwiseHingeLoss, 'pointwise'],
  ['softpointwisehinge', SoftPointwiseHingeLoss, 'pointwise'],
  ['softplus', SoftplusLoss, 'pointwise'],
  ['bcewithlogits', BCEWithLogitsLoss, 'pointwise'],
  ['bceaftersigmoid', BCEAfterSigmoidLoss, 'pointwise'],
  ['mse', MSELoss, 'pointwise'],
  ['focal', FocalLoss, 'pointwise'],
  ['crossentropy', CrossEntropyLoss, 'setwise'],
  ['infonce', InfoNCELoss, 'setwise'],
  ['nssa', NSSALoss, 'setwise'],
  ['adversarialbce', AdversarialBCEWithLogitsLoss, 'setwise'],
];

describe('loss registry', () => {
  it('holds every PyKEEN loss under its key, with its family and class', () => {
    expect(lossRegistry.names().sort()).toEqual(BUILT_IN.map(([n]) => n).sort());
    const families = { pointwise: PointwiseLoss, pairwise: PairwiseLoss, setwise: SetwiseLoss } as const;
    for (const [name, cls, family] of BUILT_IN) {
      const loss = resolveLoss(name);
      expect(loss).toBeInstanceOf(cls);
      expect(loss).toBeInstanceOf(families[family as keyof typeof families]);
      expect(loss.family).toBe(family);
      expect(lossRegistry.get(name).family).toBe(family);
      expect(loss.reduction).toBe('mean');
    }
  });

  it('normalizes names: Focal_Loss, focal-loss, FocalLoss and focal are one loss', () => {
    for (const name of ['Focal_Loss', 'focal-loss', 'FocalLoss', 'focal', 'FOCAL']) expect(resolveLoss(name)).toBeInstanceOf(FocalLoss);
    expect(resolveLoss('NSSALoss')).toBeInstanceOf(NSSALoss);
    expect(resolveLoss('Self-Adversarial Negative Sampling Loss')).toBeInstanceOf(NSSALoss);
    expect(resolveLoss('AdversarialBCEWithLogitsLoss')).toBeInstanceOf(AdversarialBCEWithLogitsLoss);
    expect(resolveLoss('Pairwise Hinge Loss')).toBeInstanceOf(MarginRankingLoss);
    expect(resolveLoss('BCEWithLogitsLoss')).toBeInstanceOf(BCEWithLogitsLoss);
    expect(resolveLoss('MSELoss')).toBeInstanceOf(MSELoss);
  });

  it('defaults to margin ranking, as PyKEEN does', () => {
    expect(DEFAULT_LOSS).toBe('marginranking');
    expect(resolveLoss()).toBeInstanceOf(MarginRankingLoss);
  });

  it('an unknown name lists the choices', () => {
    let err: unknown;
    try {
      resolveLoss('fokal');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain("unknown loss 'fokal'");
    for (const [name] of BUILT_IN) expect(msg).toContain(name);
  });

  it('unknown keys and out-of-range values are ConfigErrors naming the key and the value', () => {
    const bad: [string, Record<string, unknown>, RegExp][] = [
      ['focal', { gama: 2 }, /unknown argument 'gama'.*gamma/],
      ['focal', { gamma: -1 }, /'gamma'.*-1/],
      ['focal', { alpha: 1.5 }, /'alpha'.*1\.5/],
      ['focal', { gamma: 'two' }, /'gamma'.*"two"/],
      ['mse', { reduction: 'avg' }, /'reduction'.*"avg"/],
      ['bcewithlogits', { pos_weight: 0 }, /'pos_weight'.*got 0/],
      ['bcewithlogits', { label_smoothing: 1 }, /'label_smoothing'.*got 1/],
      ['crossentropy', { label_smoothing: -0.1 }, /'label_smoothing'.*-0\.1/],
      ['infonce', { margin: -0.5 }, /'margin'.*-0\.5/],
      ['nssa', { adversarial_temperature: -1 }, /'adversarial_temperature'.*-1/],
      ['adversarialbce', { adversarial_temperature: -2 }, /'adversarial_temperature'.*-2/],
      ['marginranking', { margin: Number.NaN }, /'margin'/],
      ['softmarginranking', { margin_activation: 'relu' }, /unknown argument 'margin_activation'/],
    ];
    for (const [name, kwargs, message] of bad) {
      expect(() => resolveLoss(name, kwargs), `${name} ${JSON.stringify(kwargs)}`).toThrow(ConfigError);
      expect(() => resolveLoss(name, kwargs), `${name} ${JSON.stringify(kwargs)}`).toThrow(message);
    }
  });

  it("keeps PyKEEN's defaults", () => {
    const mr = resolveLoss('marginranking') as MarginRankingLoss;
    expect([mr.margin, mr.marginActivation]).toEqual([1, 'relu']);
    const smr = resolveLoss('softmarginranking') as SoftMarginRankingLoss;
    expect([smr.margin, smr.marginActivation]).toEqual([1, 'softplus']);
    expect((resolveLoss('pairwiselogistic') as PairwiseLogisticLoss).margin).toBe(0);
    expect((resolveLoss('pointwisehinge') as PointwiseHingeLoss).margin).toBe(1);
    expect((resolveLoss('softpointwisehinge') as SoftPointwiseHingeLoss).margin).toBe(1);
    expect((resolveLoss('softplus') as SoftplusLoss).margin).toBe(0);
    expect((resolveLoss('bcewithlogits') as BCEWithLogitsLoss).posWeight).toBeUndefined();
    const nssa = resolveLoss('nssa') as NSSALoss;
    expect([nssa.margin, nssa.adversarialTemperature]).toEqual([9, 1]);
    expect((resolveLoss('adversarialbce') as AdversarialBCEWithLogitsLoss).adversarialTemperature).toBe(1);
    const info = resolveLoss('infonce') as InfoNCELoss;
    expect(info.margin).toBe(0.02);
    expect(info.logAdversarialTemperature).toBeCloseTo(Math.log(0.05), 12);
    expect(resolveLoss('mse', { reduction: 'sum' }).reduction).toBe('sum');
  });

  it('passes the entity count from the context', () => {
    expect(resolveLoss('bcewithlogits', {}, { numEntities: 42 }).numEntities).toBe(42);
    expect(resolveLoss('bcewithlogits').numEntities).toBeUndefined();
  });

  it('describes every loss with family, description and default sweep ranges', () => {
    const all = describeLosses();
    expect(all.map((d) => d.name).sort()).toEqual(BUILT_IN.map(([n]) => n).sort());
    for (const d of all) {
      expect(['pointwise', 'pairwise', 'setwise']).toContain(d.family);
      expect(d.description.length).toBeGreaterThan(10);
      expect(d.params.find((p) => p.name === 'reduction')).toEqual(expect.objectContaining({ default: 'mean' }));
    }
    const param = (loss: string, p: string) => all.find((d) => d.name === loss)!.params.find((q) => q.name === p)!;
    expect(param('marginranking', 'margin')).toEqual(expect.objectContaining({ default: 1, range: { low: 0, high: 3 } }));
    expect(param('nssa', 'margin')).toEqual(expect.objectContaining({ default: 9, range: { low: 3, high: 30, step: 3 } }));
    expect(param('nssa', 'adversarial_temperature').range).toEqual({ low: 0.5, high: 1 });
    expect(param('focal', 'gamma')).toEqual(expect.objectContaining({ default: 2, range: { low: 0, high: 5 } }));
    expect(param('focal', 'alpha')).toEqual(expect.objectContaining({ default: null }));
    expect(param('focal', 'alpha').range).toBeUndefined();
    expect(param('bcewithlogits', 'pos_weight').range).toEqual({ low: 0.25, high: 1024, log: true });
    expect(param('infonce', 'margin').range).toEqual({ low: 0.01, high: 0.1 });
    expect(param('doublemargin', 'positive_negative_balance').default).toBe(0.5);
  });

  it('accepts user losses: subclass a family, register, resolve by any name form', () => {
    class CubicLoss extends PointwiseLoss {
      elementwise(scores: tf.Tensor, labels: tf.Tensor): tf.Tensor {
        return tf.pow(tf.abs(tf.sub(scores, labels)), 3);
      }
    }
    lossRegistry.register({
      name: 'cubic',
      family: 'pointwise',
      description: '|s - y|^3',
      params: [REDUCTION_PARAM],
      create: (kw, ctx) => withContext(new CubicLoss(kw), ctx),
    });
    const loss = resolveLoss('Cubic_Loss', { reduction: 'sum' });
    expect(loss).toBeInstanceOf(CubicLoss);
    const got = value(() => loss.forwardSlcwa(tf.tensor1d([0.5]), tf.tensor2d([[2, -1]])));
    expectClose(got, 0.5 ** 3 + 2 ** 3 + 1);
    expect(describeLosses().map((d) => d.name)).toContain('cubic');
    expect(() => resolveLoss('cubic', { margin: 1 })).toThrow(/unknown argument 'margin'/);
    expect(() => lossRegistry.register({ name: 'CubicLoss', create: () => new CubicLoss() })).toThrow(/already registered/);
  });
});
