// <mathlet-grad-clip> in Node: its attributes and the state they give, what a pasted link and a
// changed attribute change, what the permalink records, which background jobs a change restarts,
// and the main-thread computation (the clips through the wasm core, and the readouts).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { createStateStore } from '../../web/src/widgets/framework/state-store.js';
import { clipReadout, createClipEvaluate, runJob, sweepReadout } from '../../web/src/widgets/grad-clip/grad-clip-compute.js';
import {
  attributes,
  jobStale,
  permalinkFields,
  readState,
  restoreSource,
  results,
  SETTINGS,
  withDefaultLr,
} from '../../web/src/widgets/grad-clip/grad-clip-state.js';
import { gradClipText } from '../../web/src/widgets/grad-clip/grad-clip-text.js';
import { formatFields } from '../../web/src/widgets/parts/permalink.js';
import { createWidgetLanguage } from '../../web/src/widgets/parts/widget-language.js';

// The widget's language without a document: English (languageOf falls back to the browser's, and Node has none).
const language = createWidgetLanguage({ closest: () => null, getAttribute: () => null, ownerDocument: null }, gradClipText);
const textOf = (attrs) => (name) => attrs[name] ?? null;

describe('grad-clip attributes', () => {
  it('gives the defaults and the reader settings for no attributes', () => {
    const { state, problems } = readState(textOf({}), language);
    assert.deepEqual(state, { ...SETTINGS, g: [2.4, 1.8], tau: 1 });
    assert.equal(state.problem, 'quadratic');
    assert.equal(state.sweepLaw, 'gaussian-quantiles');
    assert.deepEqual(problems, []);
  });
  it('reads g (commas or spaces) and tau', () => {
    const { state, problems } = readState(textOf({ g: '3 4', tau: '0.5' }), language);
    assert.deepEqual([state.g, state.tau], [[3, 4], 0.5]);
    assert.deepEqual(problems, []);
  });
  it('reports bad attributes in the widget language and keeps the defaults for them', () => {
    const { state, problems } = readState(textOf({ g: '1, 2, 3', tau: '1e9' }), language);
    assert.deepEqual([state.g, state.tau], [[2.4, 1.8], 1]);
    assert.equal(problems.length, 2);
    assert.equal(problems[0](language), 'g: exactly 2 numbers (got 3)');
    assert.match(problems[1](language), /tau/);
    assert.match(readState(textOf({ g: '1, banana' }), language).problems[0](language), /g₂/);
  });
  it('changes by attribute: a good value sets its part, a bad one is a problem and changes nothing', () => {
    const current = readState(textOf({}), language).state;
    assert.deepEqual(readOneAttribute(attributes, 'tau', '0.01', language, current), { change: { tau: 0.01 } });
    assert.deepEqual(readOneAttribute(attributes, 'g', '-1, 2', language, current), { change: { g: [-1, 2] } });
    const bad = readOneAttribute(attributes, 'tau', '0', language, current);
    assert.equal(bad.change, undefined);
    assert.match(bad.problem(language), /0\.01.*100/);
    assert.deepEqual(readOneAttribute(attributes, 'lr', '1', language, current), { change: null });
  });
  it('a link pasted in place sets g and tau and keeps the reader settings; the mount starts from the defaults', () => {
    const store = createStateStore({ initial: readState(textOf({}), language).state, evaluate: () => ({}) });
    store.commit({ optimizer: 'adam', lr: 0.02, seed: 7 });
    const host = { getAttribute: (name) => ({ tau: '2' })[name] ?? null };
    const restored = readState(restoreSource({ g: '0.7, 0.1' }, host), language);
    assert.deepEqual(restored.state, { g: [0.7, 0.1], tau: 2 });
    store.commit(restored.state);
    assert.deepEqual(
      [store.state.g, store.state.tau, store.state.optimizer, store.state.lr, store.state.seed],
      [[0.7, 0.1], 2, 'adam', 0.02, 7],
    );
  });
  it('records g and tau in the permalink, in attribute syntax', () => {
    const state = { ...readState(textOf({}), language).state, g: [0.7, -1 / 3], tau: 0.25, seed: 9 };
    assert.deepEqual(permalinkFields(state), { g: [0.7, -1 / 3], tau: 0.25 });
    assert.equal(formatFields(permalinkFields(state)), 'g:0.7,-0.333333333333;tau:0.25');
    const back = readState(textOf({ g: '0.7,-0.333333333333', tau: '0.25' }), language).state;
    assert.deepEqual([back.g[0], back.tau], [0.7, 0.25]);
  });
});

describe('grad-clip state transitions', () => {
  const s0 = readState(textOf({}), language).state;
  it('restarts only the background jobs whose inputs changed', () => {
    const stale = (change) => ['run', 'warmup', 'sweep'].filter((kind) => jobStale(kind, { ...s0, ...change }, s0));
    assert.deepEqual(stale({ tau: 0.5 }), ['run']);
    assert.deepEqual(stale({ g: [1, 1], law: 'laplace', draw: 3 }), []);
    assert.deepEqual(stale({ lr: 0.1 }), ['run', 'warmup']);
    assert.deepEqual(stale({ warmup: 10 }), ['warmup']);
    assert.deepEqual(stale({ sweepLaw: 'sparse' }), ['sweep']);
  });
  it('a new optimizer or problem brings the pair’s own learning rate', () => {
    assert.deepEqual(withDefaultLr('sign-sgd', 'quadratic'), { optimizer: 'sign-sgd', problem: 'quadratic', lr: 0.01 });
    assert.deepEqual(withDefaultLr('sgd', 'softmax'), { optimizer: 'sgd', problem: 'softmax', lr: 0.5 });
  });
});

describe('grad-clip computation', () => {
  let core;
  before(async () => {
    core = await load({ include: ['vector'] });
  });
  it('clips (3, 4) at tau = 1: by norm to (0.6, 0.8), by value to (1, 1), which turns g', () => {
    const evaluate = createClipEvaluate(core);
    const { clip } = evaluate({ g: [3, 4], tau: 1 });
    assert.equal(clip.norm.norm, 5);
    assert.ok(Math.abs(clip.norm.scale - 0.2) < 1e-15);
    const readout = clipReadout([3, 4], clip);
    assert.ok(readout.byNorm.every((x, i) => Math.abs(x - [0.6, 0.8][i]) < 1e-15));
    assert.ok(Math.abs(readout.clippedNorm - 1) < 1e-15);
    assert.deepEqual(clip.value, [1, 1]);
    assert.ok(Math.abs(readout.cosine - 7 / (5 * Math.SQRT2)) < 1e-15);
    assert.ok(Math.abs(readout.turn - (Math.acos(7 / (5 * Math.SQRT2)) * 180) / Math.PI) < 1e-12);
  });
  it('leaves g inside the disk as it is, and reports no cosine for g = 0', () => {
    const evaluate = createClipEvaluate(core);
    const inside = evaluate({ g: [0.3, -0.4], tau: 1 }).clip;
    assert.deepEqual(clipReadout([0.3, -0.4], inside).byNorm, [0.3, -0.4]);
    assert.equal(clipReadout([0.3, -0.4], inside).turn, 0);
    const zero = clipReadout([0, 0], evaluate({ g: [0, 0], tau: 1 }).clip);
    assert.deepEqual([zero.cosine, zero.turn], [null, 0]);
  });
  it('computes the clip again only for a new g or tau', () => {
    const evaluate = createClipEvaluate(core);
    const g = [3, 4];
    const first = evaluate({ g, tau: 1, lr: 0.3 }).clip;
    assert.equal(evaluate({ g, tau: 1, lr: 0.1 }).clip, first);
    assert.notEqual(evaluate({ g, tau: 2 }).clip, first);
  });
  it('throws the core’s refusal of a bad threshold', () => {
    assert.throws(() => createClipEvaluate(core)({ g: [1, 1], tau: -1 }));
  });
  it('reads the sweep: the cosine at the largest N and lr(1000)/lr(4000)', () => {
    const rows = [
      { n: 10, lr: 1, cosine: 0.9 },
      { n: 1000, lr: 0.2, cosine: 0.81 },
      { n: 4000, lr: 0.1, cosine: 0.8 },
    ];
    assert.deepEqual(sweepReadout(rows), { cosine: 0.8, ratio: 2 });
    assert.deepEqual(sweepReadout(rows.slice(0, 2)), { cosine: 0.81, ratio: null });
  });
  it('runs the training run and the sweep through the api it is given, as measured work', async () => {
    const state = { ...readState(textOf({}), language).state, tau: 0.01 };
    const run = await runJob(core, 'run', state);
    assert.equal(run.clipFraction, 1, 'tau = 0.01 clips every step');
    const rows = await runJob(core, 'sweep', state);
    assert.ok(rows.some((r) => r.n === 4000));
    const measured = performance.getEntriesByType('measure').map((m) => m.name);
    assert.ok(measured.includes('mathlet-grad-clip run (worker round trip)'));
    assert.ok(measured.includes('mathlet-grad-clip clip (main thread)'));
  });
  it('gives the mathlet-change detail as plain data', () => {
    const state = { ...readState(textOf({}), language).state, g: [3, 4] };
    const detail = results(state, createClipEvaluate(core)(state));
    assert.equal(detail.norm, 5);
    assert.deepEqual(detail.byValue, [1, 1]);
    assert.ok(Array.isArray(detail.byNorm) && detail.byNorm.length === 2);
    assert.deepEqual(JSON.parse(JSON.stringify(detail)), detail);
  });
});
