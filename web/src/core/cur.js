// CUR decomposition M ~ C U R from chosen columns and rows, over the wasm core.
import { choiceArg, integerArg, numberArg, optionsArg, vectorArg } from './arguments.js';
import { unwrap, withScratch } from './heap.js';
import { matrixArg } from './matrix.js';
import { seedHalves } from './seed.js';

// Orders match CurSelect and CurMiddle in cpp/include/mathlets/cur.hpp.
export const CUR_SELECTIONS = [
  'norm-top',
  'norm-sample',
  'uniform',
  'pivoted-qr',
  'leverage-top',
  'leverage-sample',
  'deim',
  'max-volume',
  'best',
];
const MIDDLES = ['intersection', 'optimal'];

function indicesArg(fn, name, v) {
  const values = vectorArg(fn, name, v);
  values.forEach((x, i) => {
    if (!Number.isInteger(x)) throw new RangeError(`${fn}: ${name}[${i}] must be an integer index (got ${x})`);
  });
  return Int32Array.from(values);
}

export function curApi(M) {
  /**
   * CUR of M at rank r. select: 'deim' (default), 'leverage-top', 'leverage-sample', 'pivoted-qr', 'norm-top',
   * 'norm-sample', 'uniform', 'max-volume', 'best' (the last two by enumeration, tiny matrices only);
   * middle: 'optimal' (C^+ M R^+, default) or 'intersection' (W^+). Returns C, U, R, approx, the chosen
   * rows/cols, their selections, every error beside the SVD floor, and M's singular values.
   */
  function cur(Mat, r, options) {
    const fn = 'cur';
    const o = optionsArg(fn, options, ['select', 'middle', 'seed', 'rtol', 'gamma']);
    const m = matrixArg(fn, 'M', Mat);
    const select = CUR_SELECTIONS.indexOf(choiceArg(fn, 'select', o.select, CUR_SELECTIONS, 'deim'));
    const middle = MIDDLES.indexOf(choiceArg(fn, 'middle', o.middle, MIDDLES, 'optimal'));
    const args = [
      integerArg(fn, 'r', r),
      select,
      middle,
      ...seedHalves(fn, o.seed),
      numberArg(fn, 'rtol', o.rtol, NaN),
      integerArg(fn, 'gamma', o.gamma, 0),
    ];
    return withScratch(M, (s) => unwrap(fn, M.cur(s.put(m.data), m.rows, m.cols, ...args)));
  }

  /** The decomposition for columns `cols` and rows `rows` the caller chose. */
  function curFromIndices(Mat, cols, rows, options) {
    const fn = 'curFromIndices';
    const o = optionsArg(fn, options, ['middle', 'rtol']);
    const m = matrixArg(fn, 'M', Mat);
    const c = indicesArg(fn, 'cols', cols),
      r = indicesArg(fn, 'rows', rows);
    const middle = MIDDLES.indexOf(choiceArg(fn, 'middle', o.middle, MIDDLES, 'optimal'));
    return withScratch(M, (s) =>
      unwrap(
        fn,
        M.cur_core(s.put(m.data), m.rows, m.cols, s.put(c), c.length, s.put(r), r.length, middle, numberArg(fn, 'rtol', o.rtol, NaN)),
      ),
    );
  }

  return { cur, curFromIndices };
}
