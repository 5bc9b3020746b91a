// CUR retrieval for cross-encoders (ANNCUR) over the wasm core: a seeded synthetic cross-encoder,
// exact top-k and recall, anchor items, the index E = W^+ R, retrieval with exact re-ranking,
// adaptive anchors and the widget's batch evaluation (shared/math/cur-retrieval.md §2).
// The exact scores come from the caller's callback. The core never sees it: retrieval runs as its
// pure steps (candidates, then the re-ranking of the scores bought here), so a callback that throws
// or returns garbage gets an error naming it, and the module stays usable with nothing leaked.
import { booleanArg, choiceArg, choiceIndex, describe, int32Arg, numberArg, optionsArg, vectorArg } from './arguments.js';
import { unwrap, withScratch } from './heap.js';
import { matrixArg } from './matrix.js';
import { seedHalves } from './seed.js';

// Orders match ScoreKind and AnchorRule in cpp/include/mathlets/cur_retrieval.hpp.
export const SCORE_KINDS = ['linear', 'exp', 'tanh'];
export const ANCHOR_METHODS = ['uniform', 'kmeans', 'topNorm', 'leverage', 'deim', 'cpqr', 'manual'];
const SCORER_DEFAULTS = Object.freeze({ rank: 8, noise: 0.1, kind: 'exp', beta: 1, seed: 42 });
const KR_DEFAULT = [10, 20, 50, 100, 200, 500];

// R (anchor queries x items) and E (anchors x items) are wider than the general matrix limit: as
// kMaxAnchorQueries, kMaxRetrievalItems in cur_retrieval.hpp, and at most 2^23 entries (64 MiB).
const MAX_BLOCK_ROWS = 1024;
const MAX_ITEMS = 65536;
const MAX_BLOCK_ENTRIES = 2 ** 23;

// { rows, cols, data } up to the retrieval limits; number[][] goes through the general matrixArg.
function blockArg(fn, name, a) {
  if (Array.isArray(a)) return matrixArg(fn, name, a);
  if (a === null || typeof a !== 'object') {
    throw new TypeError(`${fn}: ${name} must be { rows, cols, data } or number[][] (got ${describe(a)})`);
  }
  const { rows, cols, data } = a;
  for (const [what, v, max] of [
    ['rows', rows, MAX_BLOCK_ROWS],
    ['cols', cols, MAX_ITEMS],
  ]) {
    if (typeof v !== 'number') throw new TypeError(`${fn}: ${name}.${what} must be a number (got ${describe(v)})`);
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${fn}: ${name}.${what} must be a non-negative integer (got ${v})`);
    if (v > max) throw new RangeError(`${fn}: ${name} has ${v} ${what}; the limit is ${max}`);
  }
  if (rows * cols > MAX_BLOCK_ENTRIES) throw new RangeError(`${fn}: ${name} is ${rows}x${cols}; the limit is ${MAX_BLOCK_ENTRIES} entries`);
  if (!(data instanceof Float64Array || data instanceof Float32Array || Array.isArray(data))) {
    throw new TypeError(`${fn}: ${name}.data must be a number[], Float64Array or Float32Array (got ${describe(data)})`);
  }
  if (data.length !== rows * cols) throw new RangeError(`${fn}: ${name} is ${rows}x${cols} but ${name}.data holds ${data.length} values`);
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      if (typeof data[i] !== 'number') throw new TypeError(`${fn}: ${name}.data[${i}] is not a number (got ${describe(data[i])})`);
    }
  }
  return { rows, cols, data: Float64Array.from(data) };
}

// A list of whole numbers in [0, limit) as `Ctor` (Int32Array for item indices, Uint32Array for scorer ids).
function idsArg(fn, name, v, { limit = MAX_ITEMS, Ctor = Int32Array, allowEmpty = false } = {}) {
  const isTyped = ArrayBuffer.isView(v) && !(v instanceof DataView) && typeof v.length === 'number';
  if (!Array.isArray(v) && !isTyped) throw new TypeError(`${fn}: ${name} must be an array of ids (got ${describe(v)})`);
  if (v.length > MAX_BLOCK_ENTRIES) throw new RangeError(`${fn}: ${name} has ${v.length} ids; the limit is ${MAX_BLOCK_ENTRIES}`);
  if (!allowEmpty && v.length === 0) throw new RangeError(`${fn}: ${name} is empty`);
  const out = new Ctor(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = typeof v[i] === 'bigint' ? Number(v[i]) : v[i];
    if (typeof x !== 'number') throw new TypeError(`${fn}: ${name}[${i}] is not a number (got ${describe(v[i])})`);
    if (!Number.isInteger(x) || x < 0 || x >= limit)
      throw new RangeError(`${fn}: ${name}[${i}] = ${x} must be an integer in [0, ${limit})`);
    out[i] = x;
  }
  return out;
}

const functionArg = (fn, name, v, what) => {
  if (typeof v !== 'function') throw new TypeError(`${fn}: ${name} must be a function ${what} (got ${describe(v)})`);
  return v;
};

// Calls the caller's exact scorer for `ids` and checks what comes back: one finite number per id.
function boughtScores(fn, name, callback, ids) {
  let got;
  try {
    got = callback(Int32Array.from(ids));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`${fn}: ${name} threw while scoring ${ids.length} items: ${reason}`, { cause: e });
  }
  if (!(got instanceof Float64Array || got instanceof Float32Array || Array.isArray(got))) {
    throw new TypeError(`${fn}: ${name} must return a Float64Array or number[] of ${ids.length} scores (got ${describe(got)})`);
  }
  if (got.length !== ids.length) throw new RangeError(`${fn}: ${name} returned ${got.length} scores for ${ids.length} items`);
  for (let i = 0; i < got.length; i++) {
    if (typeof got[i] !== 'number' || !Number.isFinite(got[i])) {
      throw new RangeError(`${fn}: ${name} returned ${describe(got[i])} for item ${ids[i]}; scores must be finite numbers`);
    }
  }
  return Float64Array.from(got);
}

// The scorer's parameters from a syntheticScorer object (its .params) or a plain { rank, noise, kind, beta, seed }.
function scorerParams(fn, value) {
  const given = value && typeof value === 'object' && 'params' in value ? value.params : value;
  const o = optionsArg(fn, given, Object.keys(SCORER_DEFAULTS));
  const p = {
    rank: int32Arg(fn, 'rank', o.rank, SCORER_DEFAULTS.rank),
    noise: numberArg(fn, 'noise', o.noise, SCORER_DEFAULTS.noise),
    kind: choiceArg(fn, 'kind', o.kind, SCORE_KINDS, SCORER_DEFAULTS.kind),
    beta: numberArg(fn, 'beta', o.beta, SCORER_DEFAULTS.beta),
    seed: o.seed ?? SCORER_DEFAULTS.seed,
  };
  const args = [p.rank, p.noise, SCORE_KINDS.indexOf(p.kind), p.beta, ...seedHalves(fn, p.seed)];
  return { params: Object.freeze(p), args };
}

// { [kr]: value } for the values of one curve over krValues.
const byKr = (krValues, values) => Object.fromEntries(Array.from(krValues, (kr, i) => [kr, values[i]]));

function scorerFunctions(M) {
  /** A seeded synthetic cross-encoder whose score/block call the core and count the calls (section 2.2). */
  function syntheticScorer(options) {
    const fn = 'syntheticScorer';
    const { params, args } = scorerParams(fn, options);
    unwrap(fn, M.synthetic_score(...args, 0, 0)); // the core checks the ranges once, here
    let calls = 0;
    return {
      params,
      get calls() {
        return calls;
      },
      resetCalls() {
        calls = 0;
      },
      score(q, i) {
        const name = 'syntheticScorer.score';
        const [qq, ii] = [
          ['q', q],
          ['i', i],
        ].map(([n, v]) => idsArg(name, n, [v], { limit: 2 ** 32, Ctor: Uint32Array })[0]);
        const s = unwrap(name, M.synthetic_score(...args, qq, ii));
        calls += 1;
        return s;
      },
      block(queryIds, itemIds) {
        const name = 'syntheticScorer.block';
        const q = idsArg(name, 'queryIds', queryIds, { limit: 2 ** 32, Ctor: Uint32Array });
        const it = idsArg(name, 'itemIds', itemIds, { limit: 2 ** 32, Ctor: Uint32Array });
        if (q.length * it.length > MAX_BLOCK_ENTRIES) {
          throw new RangeError(`${name}: ${q.length}x${it.length} scores; the limit is ${MAX_BLOCK_ENTRIES}`);
        }
        const out = withScratch(M, (s) => unwrap(name, M.synthetic_block(...args, s.put(q), q.length, s.put(it), it.length)));
        calls += q.length * it.length;
        return out;
      },
    };
  }

  /** Scores of queries 0..nq-1 against items 0..ni-1 (not counted by any scorer). */
  function syntheticScores(nq, ni, options) {
    const fn = 'syntheticScores';
    const rows = int32Arg(fn, 'nq', nq, undefined);
    const cols = int32Arg(fn, 'ni', ni, undefined);
    if (rows * cols > MAX_BLOCK_ENTRIES) throw new RangeError(`${fn}: ${rows}x${cols} scores; the limit is ${MAX_BLOCK_ENTRIES}`);
    const { args } = scorerParams(fn, options);
    return unwrap(fn, M.synthetic_scores(rows, cols, ...args));
  }

  /** f_beta^-1 of scores (X5): log1p(beta s)/beta or atanh(beta s)/beta; infinite ends clamped and counted. */
  function inverseScores(values, options) {
    const fn = 'inverseScores';
    const o = optionsArg(fn, options, ['kind', 'beta']);
    const v = Float64Array.from(vectorArg(fn, 'values', values, { allowEmpty: true }));
    const kind = choiceIndex(fn, 'kind', o.kind, SCORE_KINDS, 'exp');
    const beta = numberArg(fn, 'beta', o.beta, 1);
    if (!(beta >= 0 && beta <= 8)) throw new RangeError(`${fn}: beta = ${beta} must be in [0, 8]`);
    return withScratch(M, (s) => unwrap(fn, M.inverse_scores(s.put(v), v.length, kind, beta)));
  }

  return { syntheticScorer, syntheticScores, inverseScores };
}

function rankingFunctions(M) {
  /** The k best entries by (score desc, index asc), the k-th and (k+1)-th scores, and the number of tied entries. */
  function exactTopK(scores, k) {
    const fn = 'exactTopK';
    const x = Float64Array.from(vectorArg(fn, 'scores', scores, { allowEmpty: true }));
    const kk = int32Arg(fn, 'k', k, undefined);
    return withScratch(M, (s) => unwrap(fn, M.exact_topk(s.put(x), x.length, kk)));
  }

  /** |found ∩ truth| / |truth|. */
  function recallAtK(found, truth) {
    const fn = 'recallAtK';
    const f = idsArg(fn, 'found', found, { limit: 2 ** 31, allowEmpty: true });
    const t = idsArg(fn, 'truth', truth, { limit: 2 ** 31, allowEmpty: true });
    return withScratch(M, (s) => unwrap(fn, M.recall_at_k(s.put(f), f.length, s.put(t), t.length)));
  }

  /** Recall after re-ranking the top-kr of approxScores, for every kr at once, and the true items' positions. */
  function recallCurve(approxScores, truth, krValues) {
    const fn = 'recallCurve';
    const a = Float64Array.from(vectorArg(fn, 'approxScores', approxScores));
    const t = idsArg(fn, 'truth', truth, { limit: a.length });
    const kr = idsArg(fn, 'krValues', krValues, { limit: 2 ** 31, allowEmpty: true });
    return withScratch(M, (s) => unwrap(fn, M.recall_curve(s.put(a), a.length, s.put(t), t.length, s.put(kr), kr.length)));
  }

  return { exactTopK, recallAtK, recallCurve };
}

function indexFunctions(M) {
  /** Anchor items chosen on R's columns: uniform (ANNCUR), kmeans, or the matrix-error rules of cur-decomposition.md. */
  function selectAnchorItems(R, ki, options) {
    const fn = 'selectAnchorItems';
    const o = optionsArg(fn, options, ['method', 'seed', 'gamma', 'indices']);
    const block = blockArg(fn, 'R', R);
    const method = choiceIndex(fn, 'method', o.method, ANCHOR_METHODS, 'uniform');
    if ((method === ANCHOR_METHODS.indexOf('manual')) !== (o.indices !== undefined)) {
      throw new RangeError(`${fn}: indices go with method: 'manual', and only with it`);
    }
    const indices = o.indices === undefined ? new Int32Array(0) : idsArg(fn, 'indices', o.indices, { limit: block.cols || 1 });
    const k = int32Arg(fn, 'ki', ki, undefined);
    const gamma = int32Arg(fn, 'gamma', o.gamma, 0);
    return withScratch(M, (s) =>
      unwrap(
        fn,
        M.select_anchor_items(
          s.put(block.data),
          block.rows,
          block.cols,
          k,
          method,
          ...seedHalves(fn, o.seed),
          gamma,
          s.put(indices),
          indices.length,
        ),
      ),
    );
  }

  /** The index E = W^+ R with W = R[:, anchors], W's spectrum, the rank kept by rtol and kappa. */
  function curRetrievalIndex(R, anchorIds, options) {
    const fn = 'curRetrievalIndex';
    const o = optionsArg(fn, options, ['rtol']);
    const block = blockArg(fn, 'R', R);
    const anchors = idsArg(fn, 'anchorIds', anchorIds, { limit: Math.max(block.cols, 1) });
    const rtol = numberArg(fn, 'rtol', o.rtol, NaN);
    if (o.rtol !== undefined && Number.isNaN(rtol)) throw new RangeError(`${fn}: rtol must be a number >= 0 (got NaN)`);
    const index = withScratch(M, (s) =>
      unwrap(fn, M.cur_retrieval_index(s.put(block.data), block.rows, block.cols, s.put(anchors), anchors.length, rtol)),
    );
    const notes = [];
    if (anchors.length > block.rows) notes.push('wide W (ki > kq): a least-squares fit, the anchors are not reproduced');
    if (index.kappa > 1e3) notes.push(`kappa(W) = ${index.kappa.toPrecision(3)} > 1e3: near the interpolation threshold ki = kq; try rtol`);
    return { ...index, notes };
  }

  return { selectAnchorItems, curRetrievalIndex };
}

function retrieveFunctions(M) {
  /** One query: s_hat = c E, the top-rerank candidates, their exact scores from exactScores, and the top-k by exact score. */
  function curRetrieve(index, queryAnchorScores, options) {
    const fn = 'curRetrieve';
    if (index === null || typeof index !== 'object')
      throw new TypeError(`${fn}: index must be the result of curRetrievalIndex (got ${describe(index)})`);
    const E = blockArg(fn, 'index.E', index.E);
    const anchors = idsArg(fn, 'index.anchors', index.anchors, { limit: Math.max(E.cols, 1) });
    const c = Float64Array.from(vectorArg(fn, 'queryAnchorScores', queryAnchorScores));
    const o = optionsArg(fn, options, ['k', 'rerank', 'exactScores', 'includeAnchors']);
    const k = int32Arg(fn, 'k', o.k, 10);
    const rerank = int32Arg(fn, 'rerank', o.rerank, Math.max(k, 100));
    const exactScores = functionArg(fn, 'exactScores', o.exactScores, 'ids => Float64Array');
    const include = booleanArg(fn, 'includeAnchors', o.includeAnchors, false);
    const cand = withScratch(M, (s) =>
      unwrap(
        fn,
        M.cur_retrieval_candidates(s.put(E.data), E.rows, E.cols, s.put(anchors), anchors.length, s.put(c), c.length, k, rerank, include),
      ),
    );
    const exact = boughtScores(fn, 'exactScores', exactScores, cand.toScore);
    const done = withScratch(M, (s) =>
      unwrap(
        fn,
        M.cur_retrieval_finish(
          s.put(cand.candidates),
          cand.candidates.length,
          s.put(cand.toScore),
          cand.toScore.length,
          E.cols,
          cand.rerank,
          cand.exhaustive,
          s.put(anchors),
          anchors.length,
          s.put(c),
          c.length,
          s.put(exact),
          exact.length,
          k,
        ),
      ),
    );
    return { ...done, candidates: cand.candidates, approxScores: cand.approxScores, exhaustive: cand.exhaustive };
  }

  return { curRetrieve };
}

function adaptiveFunctions(M) {
  /** ADACUR (our reading): k0 uniform anchors, then `rounds` rounds that score the best unscored items of s_hat = (c W^+) R. */
  function adaptiveCurRetrieve(R, scoreFn, options) {
    const fn = 'adaptiveCurRetrieve';
    const block = blockArg(fn, 'R', R);
    const callback = functionArg(fn, 'scoreFn', scoreFn, 'ids => Float64Array');
    const o = optionsArg(fn, options, ['k', 'budget', 'k0', 'rounds', 'rtol', 'seed']);
    const k = int32Arg(fn, 'k', o.k, 10);
    const budget = int32Arg(fn, 'budget', o.budget, 100);
    const k0 = int32Arg(fn, 'k0', o.k0, 16);
    const rounds = int32Arg(fn, 'rounds', o.rounds, 4);
    const rtol = numberArg(fn, 'rtol', o.rtol, NaN);
    if (o.rtol !== undefined && Number.isNaN(rtol)) throw new RangeError(`${fn}: rtol must be a number >= 0 (got NaN)`);
    const seed = seedHalves(fn, o.seed);
    const sizes = unwrap(fn, M.adaptive_round_sizes(block.cols, k, budget, k0, rounds, rtol));
    // R stays in the heap for every round; the finally of withScratch frees it whatever the callback does.
    return withScratch(M, (s) => {
      const r = [s.put(block.data), block.rows, block.cols];
      const none = s.put(new Int32Array(0));
      const first = unwrap(fn, M.select_anchor_items(...r, k0, 0, ...seed, 0, none, 0)).ids;
      let anchors = Array.from(first);
      let scores = Array.from(boughtScores(fn, 'scoreFn', callback, first));
      const anchorsPerRound = [first];
      const approxPerRound = [];
      for (const b of sizes) {
        const a = Int32Array.from(anchors);
        const c = Float64Array.from(scores);
        const step = unwrap(fn, M.adaptive_cur_step(...r, s.put(a), a.length, s.put(c), c.length, b, rtol));
        const more = boughtScores(fn, 'scoreFn', callback, step.next);
        anchors = anchors.concat(Array.from(step.next));
        scores = scores.concat(Array.from(more));
        anchorsPerRound.push(step.next);
        approxPerRound.push(step.approxScores);
      }
      // The top-k by (exact score desc, id asc): exact_topk breaks ties by position, so order by id first.
      const byId = anchors.map((id, j) => [id, scores[j]]).sort((x, y) => x[0] - y[0]);
      const sorted = Float64Array.from(byId, ([, v]) => v);
      const top = unwrap(fn, M.exact_topk(s.put(sorted), sorted.length, k));
      return {
        ids: Int32Array.from(top.ids, (j) => byId[j][0]),
        scores: top.scores,
        anchorsPerRound,
        approxPerRound,
        ceCalls: anchors.length,
      };
    });
  }

  return { adaptiveCurRetrieve };
}

function evaluationFunctions(M) {
  /** The widget batch (section 2.9): recall@k over krValues for nTest test queries, with positions, costs and baselines. */
  function evaluateCurRetrieval(options) {
    const fn = 'evaluateCurRetrieval';
    const known = ['scorer', 'nItems', 'kq', 'ki', 'method', 'anchorSeed', 'gamma', 'indices', 'rtol', 'nTest', 'k', 'krValues'];
    const o = optionsArg(fn, options, [...known, 'includeAnchors', 'transform', 'baselines', 'spectrum', 'R', 'truth']);
    // The fast path of a widget frame: the scorer's R and an earlier evaluation's truth, reused.
    const R = o.R === undefined ? { rows: 0, cols: 0, data: new Float64Array(0) } : blockArg(fn, 'R', o.R);
    const truth = o.truth === undefined ? new Int32Array(0) : idsArg(fn, 'truth', o.truth, { allowEmpty: true });
    if (o.scorer === undefined) throw new TypeError(`${fn}: scorer is missing (a syntheticScorer or { rank, noise, kind, beta, seed })`);
    const { args } = scorerParams(fn, o.scorer);
    const method = choiceIndex(fn, 'method', o.method, ANCHOR_METHODS, 'uniform');
    if ((method === ANCHOR_METHODS.indexOf('manual')) !== (o.indices !== undefined)) {
      throw new RangeError(`${fn}: indices go with method: 'manual', and only with it`);
    }
    const indices = o.indices === undefined ? new Int32Array(0) : idsArg(fn, 'indices', o.indices);
    const rtol = numberArg(fn, 'rtol', o.rtol, NaN);
    if (o.rtol !== undefined && Number.isNaN(rtol)) throw new RangeError(`${fn}: rtol must be a number >= 0 (got NaN)`);
    const krValues = idsArg(fn, 'krValues', o.krValues ?? KR_DEFAULT, { limit: MAX_ITEMS + 1 });
    const baselines = o.baselines ?? [];
    if (!Array.isArray(baselines))
      throw new TypeError(`${fn}: baselines must be an array of 'random', 'de<r>' (got ${describe(baselines)})`);
    const de = [];
    for (const b of baselines) {
      const match = typeof b === 'string' && /^de([1-9][0-9]?)$/.exec(b);
      if (b !== 'random' && !match)
        throw new RangeError(`${fn}: baselines entries must be 'random' or 'de<r>' such as 'de6' (got ${describe(b)})`);
      if (match) de.push(Number(match[1]));
    }
    const deIds = Int32Array.from(de);
    const ki = int32Arg(fn, 'ki', o.ki, o.indices === undefined ? 32 : indices.length);
    const k = int32Arg(fn, 'k', o.k, 10);
    const e = withScratch(M, (s) =>
      unwrap(
        fn,
        M.evaluate_cur_retrieval(
          ...args,
          int32Arg(fn, 'nItems', o.nItems, 5000),
          int32Arg(fn, 'kq', o.kq, 128),
          ki,
          method,
          ...seedHalves(fn, o.anchorSeed ?? 7),
          int32Arg(fn, 'gamma', o.gamma, 0),
          s.put(indices),
          indices.length,
          rtol,
          int32Arg(fn, 'nTest', o.nTest, 200),
          k,
          s.put(krValues),
          krValues.length,
          booleanArg(fn, 'includeAnchors', o.includeAnchors, false),
          booleanArg(fn, 'transform', o.transform, false),
          s.put(deIds),
          deIds.length,
          baselines.includes('random'),
          booleanArg(fn, 'spectrum', o.spectrum, false),
          s.put(R.data),
          R.rows,
          R.cols,
          s.put(truth),
          truth.length,
        ),
      ),
    );
    return {
      krValues,
      recall: byKr(krValues, e.recall),
      recallCurve: e.recall,
      perQueryPositions: { nTest: e.positions.length / k, k, data: e.positions },
      truth: e.truth,
      anchors: e.anchors,
      singularValues: e.singularValues,
      rank: e.rank,
      kappa: e.kappa,
      frobRelErr: e.frobRelErr,
      spectrum: e.spectrum,
      minMargin: e.minMargin,
      ties: e.ties,
      clamped: e.clamped,
      calls: { offline: e.offlineCalls, anchorsPerQuery: ki, perQuery: byKr(krValues, e.meanCeCalls) },
      baselines: Object.fromEntries(e.baselines.map((b) => [b.name, byKr(krValues, b.recall)])),
    };
  }

  return { evaluateCurRetrieval };
}

export function curRetrievalApi(M) {
  return {
    ...scorerFunctions(M),
    ...rankingFunctions(M),
    ...indexFunctions(M),
    ...retrieveFunctions(M),
    ...adaptiveFunctions(M),
    ...evaluationFunctions(M),
  };
}
