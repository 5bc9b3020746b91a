// CUR retrieval through the JS API on both wasm builds, against shared/math/cur-retrieval.md: the
// generator's golden values (T-R1, linear logits bit for bit), the exact small cases (T-R2 to T-R5),
// one row of the pipeline table at the file's sizes (T-R6) and of the baselines (T-R12), adaptive
// rounds, and the callbacks: a throwing or lying exactScores gets an error naming it, the module
// stays usable and the heap returns to its baseline.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant } from './variants.js';

const near = (a, b, tol, label) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${label}: ${a} vs ${b}`);

// T-R2's R (3 anchor queries x 6 items) and its test query's exact scores; T-R3 adds a direction only
// items 2 and 5 carry.
const R = [
  [3, 3, 2, 7, 0, 2],
  [4, -1, 6, 6, 5, 1],
  [1, -1, 2, 1, 2, 0],
];
const S_TR2 = [3, 0, 4, 5, 3, 1];
const S_TR3 = [3, 0, 7, 5, 3, 4];
const lookup = (s) => (ids) => Float64Array.from(ids, (i) => s[i]);
const hits = (recall) => Math.round(recall * 2000);

for (const variant of VARIANTS) {
  describe(`CUR retrieval (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('T-R1: the synthetic scorer reproduces the golden scores and counts its calls', () => {
      const rows = [
        [0, 0, -1.3548999428512363, -1.4732336419068908, -0.7708168106912947, -0.3293207226825571, -0.4972487216964525],
        [0, 1, 0.4377127844141831, 0.3567877112041959, 0.4287325337484723, 0.6388127881699677, 0.3064569961725463],
        [1, 3, 2.0455255452136614, 2.201477706247177, 8.038359676699274, 245.7870624774474, 0.4998501777038508],
        [2 ** 31, 3, -1.4329571101992462, -1.3687124148523881, -0.7455656453708875, -0.32784290789545745, -0.4958266314385789],
      ];
      const lin0 = m.syntheticScorer({ kind: 'linear', noise: 0 });
      const lin = m.syntheticScorer({ kind: 'linear' });
      const exp1 = m.syntheticScorer();
      const exp3 = m.syntheticScorer({ beta: 3 });
      const tanh2 = m.syntheticScorer({ kind: 'tanh', beta: 2 });
      for (const [q, i, t, linear, e1, e3, t2] of rows) {
        assert.equal(lin0.score(q, i), t, 'linear logits are bit-identical to the reference');
        assert.equal(lin.score(q, i), linear);
        near(exp1.score(q, i), e1, 1e-15, 'exp 1');
        near(exp3.score(q, i), e3, 1e-15, 'exp 3');
        near(tanh2.score(q, i), t2, 1e-15, 'tanh 2');
      }
      assert.equal(lin.calls, 4);
      const block = lin.block([0, 1], [0, 1, 3]);
      assert.deepEqual([block.rows, block.cols, block.data[1], block.data[5]], [2, 3, rows[1][3], rows[2][3]]);
      assert.equal(lin.calls, 10);
      lin.resetCalls();
      assert.equal(lin.calls, 0);
      assert.deepEqual(lin.params, { rank: 8, noise: 0.1, kind: 'linear', beta: 1, seed: 42 });
      const grid = m.syntheticScores(2, 4, { kind: 'linear' });
      assert.equal(grid.data[1], rows[1][3]);
    });

    it('scorer arguments are checked and named', () => {
      assert.throws(() => m.syntheticScorer({ rank: 0 }), /^RangeError: syntheticScorer: rank = 0 must be in \[1, 64\]/);
      assert.throws(() => m.syntheticScorer({ noise: 3 }), /^RangeError: syntheticScorer: noise = 3 must be in \[0, 2\]/);
      assert.throws(() => m.syntheticScorer({ kind: 'cubic' }), /^RangeError: syntheticScorer: kind must be one of linear, exp, tanh/);
      assert.throws(() => m.syntheticScorer({ rnak: 3 }), /^TypeError: syntheticScorer: unknown option "rnak"/);
      const sc = m.syntheticScorer();
      assert.throws(() => sc.score(-1, 0), /^RangeError: syntheticScorer.score: q\[0\] = -1 must be an integer in \[0, 4294967296\)/);
      assert.throws(() => sc.block([0], 'x'), /^TypeError: syntheticScorer.block: itemIds must be an array of ids/);
      assert.equal(sc.calls, 0, 'refused calls are not counted');
      const inv = m.inverseScores([0.1, 0.5], { kind: 'tanh', beta: 2 });
      assert.equal(inv.clamped, 1, 'atanh(1) is clamped and counted');
    });

    it('T-R2: exact recovery, the alpha weights and the top-2', () => {
      const index = m.curRetrievalIndex(R, [1, 4]);
      const E = [1, 1, 2 / 3, 7 / 3, 0, 2 / 3, 1, 0, 4 / 3, 5 / 3, 1, 1 / 3];
      E.forEach((v, j) => near(index.E.data[j], v, 1e-14, `E[${j}]`));
      [29 / 90, 1 / 45, -1 / 18, 7 / 90, 8 / 45, 1 / 18].forEach((v, j) => near(index.Wpinv.data[j], v, 1e-15, `W+[${j}]`));
      assert.equal(index.rank, 2);
      const got = m.curRetrieve(index, [0, 3], { k: 2, rerank: 2, exactScores: lookup(S_TR2) });
      S_TR2.forEach((v, j) => near(got.approxScores[j], v, 1e-14, `s_hat[${j}]`));
      assert.deepEqual(Array.from(got.ids), [3, 2]);
      assert.deepEqual(Array.from(got.scores), [5, 4]);
    });

    it('T-R3: an invisible direction, rescued by re-ranking; calls and the recall curve', () => {
      const index = m.curRetrievalIndex(R, [1, 4]);
      const one = m.curRetrieve(index, [0, 3], { k: 1, rerank: 1, exactScores: lookup(S_TR3) });
      assert.deepEqual(Array.from(one.ids), [3]);
      const two = m.curRetrieve(index, [0, 3], { k: 1, rerank: 2, exactScores: lookup(S_TR3) });
      assert.deepEqual(Array.from(two.ids), [2]);
      const truth = [2, 3, 5];
      const curve = m.recallCurve(two.approxScores, truth, [3, 4, 5, 6]);
      assert.deepEqual(Array.from(curve.recall), [2 / 3, 2 / 3, 1, 1]);
      assert.equal(curve.positions[2], 4, 'item 5 sits at approximate position 4');
      const five = m.curRetrieve(index, [0, 3], { k: 3, rerank: 5, exactScores: lookup(S_TR3) });
      assert.equal(m.recallAtK(five.ids, truth), 1);
      assert.deepEqual([five.ceCalls, five.nominalCalls, five.exhaustive], [6, 7, false]);
      const all = m.curRetrieve(index, [0, 3], { k: 3, rerank: 9, exactScores: lookup(S_TR3), includeAnchors: true });
      assert.deepEqual([all.ceCalls, all.exhaustive], [6, true]);
    });

    it('T-R4 and T-R5: a wide W is a least-squares fit; a near-singular W amplifies, rtol truncates', () => {
      const wide = m.curRetrievalIndex(R.slice(0, 2), [1, 4, 5]);
      assert.match(wide.notes[0], /wide W/);
      const got = m.curRetrieve(wide, [0, 3, 2], { k: 1, rerank: 6, exactScores: lookup(S_TR2) });
      [51 / 14, 3 / 7, 32 / 7, 89 / 14, 45 / 14, 19 / 14].forEach((v, j) => near(got.approxScores[j], v, 1e-14, `T-R4 [${j}]`));
      const d = 1e-3;
      const near2 = [
        [1, 1, 2, 0],
        [1, 1 + d, 2, 1],
      ];
      const exact = m.curRetrievalIndex(near2, [0, 1]);
      near(exact.singularValues[1], 4.99875000007812e-4, 1e-12, 'sigma_2');
      const amplified = m.curRetrieve(exact, [1, 1.01], { k: 1, rerank: 4, exactScores: lookup([0, 0, 0, 0]) });
      near(amplified.approxScores[3], 10, 1e-9, 'eta / delta');
      const cut = m.curRetrievalIndex(near2, [0, 1], { rtol: 1e-3 });
      assert.equal(cut.rank, 1);
      const truncated = m.curRetrieve(cut, [1, 1.01], { k: 1, rerank: 4, exactScores: lookup([0, 0, 0, 0]) });
      near(truncated.approxScores[3], 0.5025005621873946, 1e-14, 'rank-1 truncation');
    });

    it('T-R6 and T-R12: the P_exp1 row at k_i = 8 and the dual-encoder proxy, as exact hit counts', () => {
      const e = m.evaluateCurRetrieval({ scorer: m.syntheticScorer(), ki: 8, baselines: ['de6', 'random'] });
      assert.deepEqual(Array.from(e.recallCurve, hits), [276, 480, 826, 1174, 1466, 1815]);
      assert.equal(e.recall[100], 0.587);
      assert.deepEqual(Array.from(e.anchors), [533, 1139, 1561, 1836, 1973, 3539, 3679, 3809]);
      near(e.kappa, 4.75, 0.002, 'kappa');
      assert.deepEqual([hits(e.baselines.de6[10]), hits(e.baselines.de6[50]), hits(e.baselines.de6[500])], [896, 1592, 1934]);
      assert.equal(e.perQueryPositions.data.length, 2000);
      assert.equal(e.calls.offline, 128 * 5000);
      assert.ok(e.calls.perQuery[10] >= 8 && e.calls.perQuery[10] <= 18);
      assert.ok(Math.abs(e.baselines.random[500] - 0.1) < 3 * Math.sqrt(0.09 / 2000));
    });

    it('a widget frame reuses R and the truth: same recall, only the index and positions recomputed', () => {
      const scorer = { kind: 'exp', beta: 1 };
      const base = { scorer, nItems: 1000, kq: 48, nTest: 50, krValues: [10, 50] };
      const first = m.evaluateCurRetrieval({ ...base, ki: 16 });
      const R = m.syntheticScores(48, 1000, scorer);
      for (const [ki, method] of [
        [16, 'uniform'],
        [24, 'deim'],
      ]) {
        const fast = m.evaluateCurRetrieval({ ...base, ki, method, R, truth: first.truth });
        const full = m.evaluateCurRetrieval({ ...base, ki, method });
        assert.deepEqual(Array.from(fast.recallCurve), Array.from(full.recallCurve), `${method} ${ki}`);
        assert.deepEqual(Array.from(fast.perQueryPositions.data), Array.from(full.perQueryPositions.data));
        assert.ok(Number.isNaN(fast.frobRelErr));
      }
      assert.throws(
        () => m.evaluateCurRetrieval({ ...base, scorer: { kind: 'linear' }, R, truth: first.truth }),
        /^RangeError: evaluateCurRetrieval: R is not this scorer's anchor block/,
      );
    });

    it('anchor rules: uniform is nested; manual keeps the given ids; each rule gives distinct ids', () => {
      const block = m.syntheticScores(16, 300, { kind: 'linear' });
      const eight = m.selectAnchorItems(block, 8, { seed: 7 });
      const four = m.selectAnchorItems(block, 4, { seed: 7 });
      assert.deepEqual(Array.from(four.order), Array.from(eight.order).slice(0, 4));
      for (const method of ['kmeans', 'topNorm', 'leverage', 'deim', 'cpqr']) {
        const ids = m.selectAnchorItems(block, 8, { method }).ids;
        assert.equal(new Set(ids).size, 8, method);
      }
      assert.deepEqual(Array.from(m.selectAnchorItems(block, 2, { method: 'manual', indices: [9, 3, 9] }).ids), [3, 9]);
      assert.throws(
        () => m.selectAnchorItems(block, 17, { method: 'deim' }),
        /^RangeError: selectAnchorItems: k_i = 17 must be <= k_q = 16/,
      );
    });

    it('adaptive rounds spend exactly the budget and return the best scored items', () => {
      const sc = m.syntheticScorer();
      const Rb = m.syntheticScores(32, 400);
      const q = 2 ** 31;
      const got = m.adaptiveCurRetrieve(Rb, (ids) => sc.block([q], ids).data, { k: 5, budget: 60, k0: 12, rounds: 3, rtol: 1e-2 });
      assert.equal(got.ceCalls, 60);
      assert.equal(sc.calls, 60, 'the callback was asked for each item once');
      assert.deepEqual(
        got.anchorsPerRound.map((a) => a.length),
        [12, 16, 16, 16],
      );
      const scored = new Set(got.anchorsPerRound.flatMap((a) => Array.from(a)));
      assert.equal(scored.size, 60);
      for (let j = 1; j < got.scores.length; j++) assert.ok(got.scores[j - 1] >= got.scores[j]);
      assert.throws(
        () => m.adaptiveCurRetrieve(Rb, () => [1], { budget: 20, k0: 4 }),
        /^RangeError: adaptiveCurRetrieve: scoreFn returned 1 scores for 4 items/,
      );
      assert.throws(
        () => m.adaptiveCurRetrieve(Rb, () => [], { budget: 500 }),
        /^RangeError: adaptiveCurRetrieve: budget = 500 must be in/,
      );
    });

    it('a throwing or lying exactScores gets an error naming it; the module stays usable and nothing leaks', () => {
      const index = m.curRetrievalIndex(R, [1, 4]);
      const call = (exactScores) => m.curRetrieve(index, [0, 3], { k: 2, rerank: 4, exactScores });
      call(lookup(S_TR2));
      const baseline = m.heapInUse();
      assert.throws(
        () =>
          call(() => {
            throw new Error('model server down');
          }),
        (e) => e.constructor === Error && e.message === 'curRetrieve: exactScores threw while scoring 3 items: model server down',
      );
      assert.throws(() => call(() => [1]), /^RangeError: curRetrieve: exactScores returned 1 scores for 3 items/);
      assert.throws(
        () => call(() => [1, 2, Number.NaN]),
        /^RangeError: curRetrieve: exactScores returned number NaN for item \d; scores must be finite/,
      );
      assert.throws(
        () => call(() => 'scores'),
        /^TypeError: curRetrieve: exactScores must return a Float64Array or number\[\] of 3 scores/,
      );
      assert.throws(() => m.curRetrieve(index, [0, 3], { k: 2 }), /^TypeError: curRetrieve: exactScores must be a function/);
      // A callback that calls back into the module, then throws.
      assert.throws(() =>
        call(() => {
          m.curRetrievalIndex(R, [0, 1]);
          throw new RangeError('late');
        }),
      );
      assert.equal(m.heapInUse(), baseline);
      assert.deepEqual(Array.from(call(lookup(S_TR2)).ids), [3, 2]);
    });

    it('bad arguments name themselves', () => {
      const index = m.curRetrievalIndex(R, [1, 4]);
      const exactScores = lookup(S_TR2);
      assert.throws(
        () => m.curRetrieve(index, [0, 3], { k: 3, rerank: 2, exactScores }),
        /^RangeError: curRetrieve: rerank \(k_r = 2\) < k = 3$/,
      );
      assert.throws(
        () => m.curRetrieve(index, [0, 3], { k: 7, rerank: 9, exactScores }),
        /^RangeError: curRetrieve: k = 7 must be in \[1, n_i = 6\]/,
      );
      assert.throws(
        () => m.curRetrieve(index, [0, Number.NaN], { exactScores }),
        /^RangeError: curRetrieve: query_anchor_scores\[1\] = nan is not finite/,
      );
      assert.throws(() => m.curRetrievalIndex(R, [1, 1]), /^RangeError: curRetrievalIndex: anchor_items has the duplicate id 1/);
      assert.throws(() => m.curRetrievalIndex(R, []), /^RangeError: curRetrievalIndex: anchorIds is empty/);
      assert.throws(() => m.curRetrievalIndex(R, [6]), /^RangeError: curRetrievalIndex: anchorIds\[0\] = 6 must be an integer in \[0, 6\)/);
      const bad = R.map((r) => r.slice());
      bad[1][2] = Number.POSITIVE_INFINITY;
      assert.throws(
        () => m.curRetrievalIndex(bad, [1]),
        /^RangeError: curRetrievalIndex: R_block \(3x6\) has a non-finite entry inf at \(1, 2\)/,
      );
      assert.throws(
        () => m.evaluateCurRetrieval({ scorer: {}, nItems: 65536, kq: 1024 }),
        /^RangeError: evaluateCurRetrieval: n_items \(kq \+ n_test\)/,
      );
      assert.throws(
        () => m.evaluateCurRetrieval({ scorer: {}, baselines: ['de'] }),
        /^RangeError: evaluateCurRetrieval: baselines entries must be/,
      );
      assert.throws(() => m.syntheticScores(1024, 65536), /^RangeError: syntheticScores: 1024x65536 scores; the limit is/);
    });
  });
}
