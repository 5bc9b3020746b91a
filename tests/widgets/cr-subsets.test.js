// <mathlet-cr>'s table of selection rules in Node: the reader's pick (attribute, link, bad text),
// and the rows on the real core against cr-approximation.md's T-C1 and T-C2 (the page's "{4, 5}
// would give 73"), the demo's caps (greedy pairs, the exhaustive search refused when too large),
// invariants 8 and 9, and the cache (only a new preset, r or pick computes the rows again).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { formatFields } from '../../web/src/widgets/parts/permalink.js';
import { createCrEvaluate } from '../../web/src/widgets/cr/cr-compute.js';
import { PRESETS, readKeep } from '../../web/src/widgets/cr/cr-presets.js';
import { attributes, permalinkFields, readState } from '../../web/src/widgets/cr/cr-state.js';
import { BEST_CAP, binomial, greedyK, subsetRows } from '../../web/src/widgets/cr/cr-subsets.js';

const textOf = (attrs) => (name) => attrs[name] ?? null;
const t = (key, params) => `${key} ${JSON.stringify(params ?? {})}`;
const preset = (id) => PRESETS.find((p) => p.id === id);
const near = (a, b, label, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${label}: ${a} vs ${b}`);
const row = (subsets, id) => subsets.rows.find((r) => r.id === id);

describe('cr pick (keep)', () => {
  it('reads distinct indices below l, ascending, with commas or spaces', () => {
    assert.deepEqual(readKeep('5, 4', 6), { value: [4, 5] });
    assert.deepEqual(readKeep(' 0 3  1', 6), { value: [0, 1, 3] });
    assert.deepEqual(readKeep('', 6), { value: [] });
    for (const bad of ['6', '1, 1', '-1', '1.5', 'x', '2e0']) {
      const read = readKeep(bad, 6, [2]);
      assert.deepEqual(read.value, [2], bad);
      assert.match(read.problem(t), /^attr.keep \{"max":5\}/, bad);
    }
  });
  it('comes from the keep attribute, is recorded in the link only when set, and is dropped by factors too small for it', () => {
    const { state, problems } = readState(textOf({ preset: 't-c2', r: '2', keep: '4,5' }));
    assert.deepEqual([state.keep, problems], [[4, 5], []]);
    assert.equal(formatFields(permalinkFields(state)), 'preset:t-c2;r:2;seed:1;sampling:optimal;keep:4,5');
    assert.equal(formatFields(permalinkFields({ ...state, keep: [] })), 'preset:t-c2;r:2;seed:1;sampling:optimal');
    assert.deepEqual(readOneAttribute(attributes, 'keep', '0 2', null, state).change, { keep: [0, 2] });
    assert.ok(readOneAttribute(attributes, 'keep', '9', null, state).problem);
    assert.deepEqual(readOneAttribute(attributes, 'preset', 't-c1', null, state).change.keep, [], '5 is not a term of T-C1');
    assert.deepEqual(readOneAttribute(attributes, 'preset', 'skewed', null, state).change.keep, [4, 5]);
  });
});

describe('cr selection rules on the core', () => {
  let core;
  before(async () => {
    core = await load({ include: ['matrix'] });
  });

  it('T-C2 at r = 2: top-r and greedy keep {3, 4} (83), the best subset {4, 5} (73), and the pick agrees', () => {
    const s = subsetRows(core, preset('t-c2'), 2, [5, 4]);
    assert.deepEqual(
      s.rows.map((r) => [r.id, r.indices]),
      [
        ['top', [3, 4]],
        ['greedy', [3, 4]],
        ['best', [4, 5]],
        ['pick', [4, 5]],
      ],
    );
    near(row(s, 'top').plain, 83, 'top-2');
    near(row(s, 'best').plain, 73, 'best pair');
    near(row(s, 'pick').plain, 73, 'the pick {4, 5}');
    assert.equal(row(s, 'greedy').k, 2);
    assert.equal(row(s, 'best').count, 15);
    near(s.floor, 8.438704, 'SVD floor (printed to 6 decimals)', 1e-7);
    for (const r of s.rows) {
      assert.ok(r.full <= r.diagonal + 1e-9 && r.diagonal <= r.plain + 1e-9, `${r.id}: refits never worse (invariant 9)`);
      assert.ok(r.full >= s.floor - 1e-9, `${r.id}: not below the floor`);
    }
  });

  it('T-C1 at r = 2: the best pair {1, 2} (0-based) keeps 9; the diagonal refit of {0, 1} gives 9 and the full one 0', () => {
    const s = subsetRows(core, preset('t-c1'), 2, [0, 1]);
    near(row(s, 'best').plain, 9, 'best');
    const pick = row(s, 'pick');
    near(pick.plain, 25, 'plain');
    near(pick.diagonal, 9, 'diagonal');
    assert.ok(Math.abs(pick.full) < 1e-12, `full ${pick.full}`);
    assert.equal(row(s, 'greedy').k, 1, 'l - r = 1: one term at a time');
  });

  it('refuses the exhaustive search above the cap and says how many subsets that would be', () => {
    const skewed = preset('skewed');
    assert.equal(binomial(32, 4), 35960);
    assert.ok(binomial(32, 3) <= BEST_CAP && binomial(32, 4) > BEST_CAP);
    assert.deepEqual(row(subsetRows(core, skewed, 6, []), 'best'), { id: 'best', refused: binomial(32, 6) });
    const three = subsetRows(core, skewed, 3, []);
    assert.equal(row(three, 'best').count, 4960);
    assert.ok(row(three, 'best').plain <= Math.min(row(three, 'top').plain, row(three, 'greedy').plain) + 1e-9, 'invariant 8');
    assert.equal(three.rows.length, 3, 'no pick, no pick row');
  });

  it('uses pairs for greedy only when they divide l - r on at most 40 terms; k = 1 equals top-r', () => {
    assert.deepEqual([greedyK(32, 6), greedyK(32, 5), greedyK(32, 32), greedyK(42, 2)], [2, 1, 1, 1]);
    const s = subsetRows(core, preset('skewed'), 5, []);
    assert.deepEqual(row(s, 'greedy').indices, row(s, 'top').indices);
  });

  it('computes the rows again only for a new preset, r or pick', () => {
    const evaluate = createCrEvaluate(core);
    const base = readState(textOf({ preset: 't-c2', r: '2' })).state;
    const first = evaluate(base).subsets;
    assert.equal(evaluate({ ...base, seed: 9, sampling: 'uniform' }).subsets, first);
    assert.notEqual(evaluate({ ...base, keep: [4, 5] }).subsets, first);
    near(row(evaluate({ ...base, r: 3, keep: [4, 5] }).subsets, 'best').plain, 23, 'best at r = 3');
  });
});
