// <mathlet-entropy-attention> in Node: its state (attributes, the target read against the
// distribution, the permalink, the keys that decide what is computed again) and its computation on
// the real core against entropy-invariant-attention.md's oracles: the worker's sweep (T-E5 at β = 3,
// R7 at β = 1, the kept draw), the main-thread JL picture (T-E8's required k) and entropy
// normalization with the article's raw loop (T-E7: the wrong root, the blow-up, 0 log 0), and the
// view's pure helpers (χ²_k/k, the bins, H(γ), d_n, the sweep plot's series).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import {
  DEFAULTS,
  DISTRIBUTIONS,
  LENGTHS,
  MODES,
  articleGain,
} from '../../web/src/widgets/entropy-attention/entropy-attention-attributes.js';
import { curvesOf, sweepRun } from '../../web/src/widgets/entropy-attention/entropy-attention-background.js';
import {
  chiSquareOverK,
  createEntropyEvaluate,
  entropyCurve,
  headSize,
  logGamma,
  powerEntropy,
  rhoBins,
  rhoDomain,
} from '../../web/src/widgets/entropy-attention/entropy-attention-compute.js';
import { annealedFactor, factorRun, lognFactor, quartiles } from '../../web/src/widgets/entropy-attention/entropy-attention-factor.js';
import { floorAt } from '../../web/src/widgets/entropy-attention/entropy-attention-floor.js';
import { sweepView } from '../../web/src/widgets/entropy-attention/entropy-attention-plots.js';
import {
  DEFAULT_LOGITS,
  INSET_SCALES,
  MAX_LOGITS,
  SHIFT,
  entropyAgainstScale,
  naiveFails,
  parseLogits,
} from '../../web/src/widgets/entropy-attention/entropy-attention-row.js';
import {
  attributes,
  distChange,
  drawKey,
  jlKey,
  normalizeKey,
  permalinkFields,
  readState,
  sweepKey,
  targetRange,
} from '../../web/src/widgets/entropy-attention/entropy-attention-state.js';
import { rise } from '../../web/src/widgets/entropy-attention/entropy-attention-view.js';
import { fieldText } from '../../web/src/widgets/parts/permalink.js';

const textOf = (attrs) => (name) => attrs[name] ?? null;
const t = (key, params) => `${key} ${JSON.stringify(params ?? {})}`;
const keysOf = (problems) => problems.map((p) => p(t));
const near = (actual, expected, tol, what) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

describe('entropy-attention state', () => {
  it('reads the defaults, and names every bad attribute while keeping the default', () => {
    const bare = readState(textOf({}));
    assert.deepEqual(bare.state, DEFAULTS);
    assert.deepEqual(bare.problems, []);
    const bad = readState(textOf({ d: '48', gain: '9', keys: 'cube', rows: '4', seed: '-1', base: 'x', k: '1', eps: '2', dist: 'flat' }));
    assert.deepEqual(bad.state, DEFAULTS);
    const words = keysOf(bad.problems).join('\n');
    for (const name of ['d', 'gain', 'keys', 'rows', 'seed', 'base', 'k', 'eps', 'dist'])
      assert.match(words, new RegExp(`"name":"${name}"`), name);
    assert.match(words, /attr.oneOf \{"name":"d","list":"16, 32, 64, 128"\}/);
  });

  it('reads target against the distribution: its feasible interval (log r, log n₊]', () => {
    assert.deepEqual(targetRange('te7'), [0.01, 1.098]);
    assert.deepEqual(targetRange('two'), [0.01, Math.floor(Math.LN2 * 1000) / 1000]);
    assert.deepEqual(targetRange('ramp'), [0.01, Math.floor(Math.LN10 * 1000) / 1000]);
    const ok = readState(textOf({ dist: 'ramp', target: '2.2' }));
    assert.equal(ok.state.target, 2.2);
    const far = readState(textOf({ dist: 'two', target: '1' }));
    assert.equal(far.state.target, DISTRIBUTIONS.two.target, "out of reach: the distribution's own target");
    assert.deepEqual(keysOf(far.problems), ['attr.between {"name":"target","min":0.01,"max":0.693}']);
    assert.equal(readState(textOf({ dist: 'wrong' })).state.target, 1);
    // An attribute change of the target is read against the distribution on screen.
    const current = { ...DEFAULTS, dist: 'two', target: 0.5 };
    assert.ok(readOneAttribute(attributes, 'target', '0.9', null, current).problem);
    assert.deepEqual(readOneAttribute(attributes, 'target', '0.6', null, current).change, { target: 0.6 });
    assert.deepEqual(readOneAttribute(attributes, 'dist', 'blowup', null, current).change, distChange('blowup'));
    assert.deepEqual(distChange('zero'), { dist: 'zero', target: 0.5 });
  });

  it('writes a permalink that reads back to the same state; the keys follow what each part depends on', () => {
    const state = {
      ...DEFAULTS,
      d: 32,
      gain: 3.25,
      keys: 'sphere',
      rows: 16,
      seed: 7,
      base: 256,
      k: 64,
      eps: 0.25,
      dist: 'ramp',
      target: 1.9,
    };
    const fields = permalinkFields(state);
    assert.deepEqual(readState((name) => (name in fields ? fieldText(fields[name]) : null)).state, state);
    const other = { ...state, gain: 1 };
    assert.equal(drawKey(other), drawKey(state), 'a gain change keeps the draw');
    assert.notEqual(sweepKey(other), sweepKey(state));
    assert.equal(jlKey(other), jlKey(state));
    assert.equal(normalizeKey(other), normalizeKey(state));
    assert.notEqual(drawKey({ ...state, keys: 'gaussian' }), drawKey(state));
    near(articleGain(64), 3.249, 1e-3, "the article's κ = 1/0.24 is β ≈ 3.25 at d = 64 (R7)");
  });
});

describe('entropy-attention computation', () => {
  let core;
  let evaluate;
  before(async () => {
    core = await load({ include: ['entropy'] });
    evaluate = createEntropyEvaluate(core);
  });
  const state = (change) => ({ ...DEFAULTS, ...change });

  it('T-E7: the solver finds the order-keeping root; the raw loop reverses, blows up, or meets 0 log 0', () => {
    const te7 = evaluate(state({})).normal;
    near(te7.solver.gamma, 2.2561900645651763, 1e-12, 'γ for (0.5, 0.3, 0.2) → 0.8');
    near(te7.loop.steps.at(-1).cumulative, 2.2561900645651763, 1e-12, 'the loop converges there too');
    const wrong = evaluate(state({ dist: 'wrong', target: 1 })).normal;
    near(wrong.solver.gamma, 0.25012608387328317, 1e-12, 'solver on (0.9, 0.09, 0.01) → 1');
    assert.equal(wrong.loop.reversed, true);
    near(wrong.loop.steps.at(-1).cumulative, -0.25234117954060969, 1e-12, 'the loop lands on the order-reversing root');
    const blow = evaluate(state({ dist: 'blowup', target: 1 })).normal;
    near(blow.solver.gamma, 0.19499956614333208, 1e-12, 'solver on (0.98, 0.01, 0.01) → 1');
    assert.ok(blow.loop.overflow || blow.loop.nan, 'the loop blows up');
    near(blow.loop.steps[0].gamma, -1.1554, 5e-5, 'after a first step to γ₁ = −1.1554');
    const zero = evaluate(state({ dist: 'zero', target: 0.5 })).normal;
    near(zero.solver.gamma, 2.3796105391938616, 1e-12, 'zeros stay zero');
    assert.equal(zero.loop.nan, true, '0 log 0');
    const two = evaluate(state({ dist: 'two', target: 0.5 })).normal;
    near(two.solver.gamma, 0.63175538436946511, 1e-12, '(0.9, 0.1) → 0.5');
  });

  it('H(γ) shows both roots of the wrong-root case: one on each side of γ = 0', () => {
    const { p } = DISTRIBUTIONS.wrong;
    near(powerEntropy(p, 0.25012608387328317), 1, 1e-13, 'the positive root');
    near(powerEntropy(p, -0.25234117954060969), 1, 1e-13, 'the negative root');
    near(powerEntropy(p, 0), Math.log(3), 1e-15, 'γ = 0: uniform');
    near(powerEntropy([0.6, 0.3, 0.1, 0], 0), Math.log(3), 1e-15, 'zeros stay out of the support');
    const curve = entropyCurve(p);
    assert.equal(curve.length, 261);
    assert.deepEqual([curve[0].x, curve.at(-1).x], [-3, 10]);
    const crossings = curve.slice(1).filter((q, i) => (q.y - 1) * (curve[i].y - 1) < 0).length;
    assert.equal(crossings, 2);
  });

  it('T-E8: the JL picture at N = 64, ε = 0.5 asks for k = 399, 249, 195; the ratios of 2016 pairs centre on 1', () => {
    const { jl } = evaluate(state({ k: 16, eps: 0.5 }));
    assert.deepEqual([jl.bounds.kSimple, jl.bounds.kChernoff, jl.bounds.kExact], [399, 249, 195]);
    assert.equal(jl.distortion.ratios.length, 2016);
    near(jl.distortion.mean, 1, 0.2, 'mean ρ');
    assert.equal(
      jl.bins.reduce((sum, b) => sum + b.count, 0),
      2016,
    );
    const wide = evaluate(state({ k: 256, eps: 0.5 })).jl;
    assert.ok(
      wide.distortion.withinEps > 0.99 && wide.distortion.withinEps > jl.distortion.withinEps,
      'a larger k keeps more pairs within 1 ± ε',
    );
  });

  it('χ²_k/k is a density with mean 1; the bins and d_n are what the plots draw', () => {
    near(logGamma(5), Math.log(24), 1e-13, 'log Γ(5)');
    near(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13, 'log Γ(1/2)');
    for (const k of [2, 16, 256]) {
      const [lo, hi] = [0, 1 + 12 * Math.sqrt(2 / k)];
      const steps = 20000;
      let mass = 0;
      let mean = 0;
      for (let i = 0; i < steps; i++) {
        const x = lo + ((i + 0.5) * (hi - lo)) / steps;
        mass += (chiSquareOverK(x, k) * (hi - lo)) / steps;
        mean += (x * chiSquareOverK(x, k) * (hi - lo)) / steps;
      }
      near(mass, 1, 2e-3, `mass k = ${k}`);
      near(mean, 1, 2e-3, `mean k = ${k}`);
    }
    const domain = rhoDomain(16);
    const { bins, expected } = rhoBins([0.5, 1, 1, 5, -1], 16, domain, 8);
    assert.equal(bins.length, 8);
    assert.equal(bins[0].count + bins.at(-1).count, 2 + Number(bins[0] === bins.at(-1)), 'out of range goes to the end bins');
    assert.equal(expected.length, 33);
    near(headSize(64, 512), 64, 1e-12, 'd_512 = d');
    near(headSize(64, 4096), 64 * (4 / 3), 1e-12, 'd_4096 = 4d/3');
  });

  it('the worker sweep: T-E5 at β = 3 (log n flat), R7 at β = 1 (every fixed rule rises); a new gain keeps the draw', async () => {
    let draws = 0;
    const api = Object.fromEntries(
      Object.entries(core).map(([name, f]) => [
        name,
        typeof f === 'function'
          ? async (...args) => {
              if (name === 'entropyScores') draws++;
              return f(...args);
            }
          : f,
      ]),
    );
    const run = sweepRun(Promise.resolve({ api }));
    const input = { d: 64, rows: 64, seed: 42, keys: 'gaussian', base: 512 };
    const sharp = await run({ ...input, gain: 3, key: 'a' }, { stale: () => false });
    const at = (curve, n) => curve.find((p) => p.n === n).mean;
    near(at(sharp.curves.logn, 64), 2.6158480762, 1e-9, 'log n at 64');
    near(at(sharp.curves.logn, 512), 3.060352542, 1e-9, 'log n at 512');
    near(at(sharp.curves.logn, 4096), 3.1200046341, 1e-9, 'log n at 4096');
    assert.ok(rise(sharp.curves.logn) < 0.55, `β = 3: log n stays flat (${rise(sharp.curves.logn)})`);
    assert.ok(rise(sharp.curves.standard) > 2.5, 'while the standard scale climbs');
    const diffuse = await run({ ...input, gain: 1, key: 'b' }, { stale: () => false });
    assert.equal(draws, 1, 'a new gain fetches the draw once');
    const again = await run({ ...input, gain: 3, key: 'a2' }, { stale: () => false });
    assert.equal(draws, 1, 'and keeps it');
    assert.deepEqual(again.curves, sharp.curves, 'kept scores give the same sweep as the first, drawn in the worker');
    near(at(diffuse.curves.standard, 64), 3.68, 0.01, 'R7: standard at 64');
    near(at(diffuse.curves.standard, 4096), 7.82, 0.01, 'R7: standard at 4096');
    near(at(diffuse.curves.logn, 4096), 7.43, 0.01, 'R7: log n at 4096');
    assert.ok(rise(diffuse.curves.logn) > 3, 'β = 1: log n barely helps');
    assert.ok(Math.max(...diffuse.curves.chiang.map((p) => p.mean)) < 1.5, "Chiang's ln n saturates the softmax");
    for (const mode of MODES) assert.equal(diffuse.curves[mode].length, LENGTHS.length, mode);
    const unreachable = diffuse.curves['annealed-invariant'].filter((p) => p.unreachable).length;
    assert.ok(unreachable > 0, 'below L₀ at β = 1 the annealed target is out of reach');
    await run({ ...input, gain: 1, seed: 43, key: 'c' }, { stale: () => false });
    await run({ ...input, gain: 2, seed: 43, key: 'd' }, { stale: () => false });
    assert.equal(draws, 2, 'a new seed draws again');
    // The plot's view: the ceiling, five rules (unreachable points left out), the annealed theory, two bands.
    const view = sweepView(diffuse.curves, { base: 512, t: (key) => key });
    assert.equal(view.series.length, 1 + MODES.length + 2);
    assert.equal(view.series[5].points.length, LENGTHS.length - unreachable);
    assert.equal(view.areas.length, 2);
    assert.deepEqual(view.rules, [{ x: 512, color: 'muted' }]);
    assert.ok(view.areas[0].points.every((p) => p.y1 <= p.y2));
    assert.deepEqual(Object.keys(curvesOf([])), MODES);
    // E5: every row lies above the quick derivation's floor; λ(s_max − s̄) grows with n (R6: 2.35, 3.03, 3.59).
    for (const [n, spread] of [
      [64, 2.35],
      [512, 3.03],
      [4096, 3.59],
    ]) {
      const at = floorAt(diffuse.curves.standard, n);
      assert.equal(at.points.length, 64);
      assert.ok(at.lowest >= -1e-12, `n = ${n}: every row above the floor (${at.lowest})`);
      near(at.spread, spread, 0.01, `mean λ(s_max − s̄) at n = ${n}`);
    }
    assert.equal(floorAt(diffuse.curves.standard, 100), null, 'a length the sweep does not hold');
  });

  it('E1: one row from its gaps; the naive forms break under a shift of 10⁸ (T-E1); the typed logits are named when bad', () => {
    const row = core.rowEntropy(DEFAULT_LOGITS);
    near(row.entropy, 0.53162104442042677, 1e-15, 'H(0, 0.5, −2, 3, −1.25)');
    assert.equal(naiveFails(row.naiveLse, row.entropy) || naiveFails(row.naivePLogP, row.entropy), false);
    const shifted = core.rowEntropy(DEFAULT_LOGITS.map((x) => x + SHIFT));
    near(shifted.entropy, row.entropy, 1e-15, 'the gaps do not see the shift');
    assert.equal(naiveFails(shifted.naiveLse, shifted.entropy) || naiveFails(shifted.naivePLogP, shifted.entropy), true);
    assert.deepEqual(parseLogits('1, 2;3  4').values, [1, 2, 3, 4]);
    assert.equal(parseLogits(' ').problem(t), 'row.z.empty {}');
    assert.equal(parseLogits('1, x').problem(t), 'row.z.bad {"part":"x"}');
    assert.equal(
      parseLogits(
        Array(MAX_LOGITS + 1)
          .fill('1')
          .join(','),
      ).problem(t),
      'row.z.many {"max":32}',
    );
    const curve = entropyAgainstScale(core.rowEntropy, DEFAULT_LOGITS);
    assert.equal(curve.length, INSET_SCALES.length);
    near(INSET_SCALES.at(-1), 100, 1e-12, 'up to λ = 100');
    assert.ok(
      curve.every((p, i) => i === 0 || p.y <= curve[i - 1].y + 1e-15),
      'H falls as λ grows (R3)',
    );
  });

  it('E3: the restoring factors hug log₅₁₂ n at β = 3 (T-E5: 0.5164, 1, 1.3854) and run far above at β = 1 (R7)', async () => {
    const api = Object.fromEntries(Object.entries(core).map(([name, f]) => [name, typeof f === 'function' ? async (...a) => f(...a) : f]));
    const run = factorRun(Promise.resolve({ api }));
    const input = { d: 64, rows: 64, seed: 42, keys: 'gaussian', base: 512 };
    const at = (rows, n) => rows.find((r) => r.n === n);
    const sharp = await run({ ...input, gain: 3 });
    assert.equal(sharp.length, LENGTHS.length);
    near(at(sharp, 64).median, 0.5164, 5e-5, 'median at 64');
    near(at(sharp, 512).median, 1, 1e-12, 'median at 512');
    near(at(sharp, 4096).median, 1.3854, 5e-5, 'median at 4096');
    assert.equal(at(sharp, 64).reachable, 61, 'three rows cannot be restored at 64');
    const diffuse = await run({ ...input, gain: 1 });
    for (const [n, median] of [
      [1024, 1.56],
      [2048, 2.0],
      [4096, 2.38],
    ])
      near(at(diffuse, n).median, median, 0.01, `β = 1, n = ${n}`);
    near(annealedFactor(4096, 512, 1), 2.27, 0.005, 'the annealed law at 4096 (R7)');
    near(lognFactor(4096, 512), 4 / 3, 1e-12, 'log₅₁₂ 4096');
    assert.ok(Number.isNaN(annealedFactor(16, 512, 1)), 'no real factor below 512 e^(−β²/2)');
    assert.deepEqual(quartiles([4, 1, 3, 2]), { median: 2.5, q25: 1.75, q75: 3.25 });
    assert.ok(Number.isNaN(quartiles([]).median));
  });
});
