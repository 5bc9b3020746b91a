// The state of <mathlet-cur> and how text becomes state:
//   state = { preset: one of PRESETS (the matrix M), r: 1..min(rows, cols), select, middle, seed }
// It is the reader's newest choice: a max-volume choice still computed in the worker included
// (cur-compute.js keeps the last decomposition on screen meanwhile), so the permalink asks for it
// again. The attributes and the permalink fields share names and syntax (cur-presets.js reads
// them). A problem is a function of the language's t(), so it is worded again after a switch.
import { readChoice, readWhole } from '../parts/attribute-readers.js';
import { DEFAULTS, MAX_SEED, METHOD_IDS, MIDDLES, maxVolumeFeasible, readPreset } from './cur-presets.js';

export const BRUTE_FORCE = 'max-volume';

/** The largest rank of a preset's matrix. */
export const sizeOf = (preset) => Math.min(preset.matrix.length, preset.matrix[0].length);

/** Whether max volume may run for `state` (it enumerates every choice of r rows and r columns). */
export const maxVolumeAllowed = ({ preset, r }) => maxVolumeFeasible(preset.matrix.length, preset.matrix[0].length, r);

/** The problem of a max-volume choice that is too slow, worded as "kept the last decomposition". */
export function maxVolumeProblem({ preset, r }) {
  const problem = (t) => t('status.maxVolume', { r, rows: preset.matrix.length, cols: preset.matrix[0].length });
  problem.kept = true;
  return problem;
}

/**
 * The state the attributes (or a link) describe: r is read against the preset's size. Max volume
 * where it would be too slow falls back to DEIM, with a problem saying why.
 */
export function readState(textOf) {
  const preset = readPreset(textOf('preset'));
  const size = sizeOf(preset.value);
  const r = readWhole('r', textOf('r'), 1, size, Math.min(DEFAULTS.r, size));
  const select = readChoice('select', textOf('select'), METHOD_IDS, DEFAULTS.select);
  const middle = readChoice('middle', textOf('middle'), MIDDLES, DEFAULTS.middle);
  const seed = readWhole('seed', textOf('seed'), 0, MAX_SEED, DEFAULTS.seed);
  const state = { preset: preset.value, r: r.value, select: select.value, middle: middle.value, seed: seed.value };
  const problems = [preset, r, select, middle, seed].map((x) => x.problem).filter(Boolean);
  if (state.select === BRUTE_FORCE && !maxVolumeAllowed(state)) {
    problems.push(maxVolumeProblem(state));
    state.select = 'deim';
  }
  return { state, problems };
}

/** A changed attribute (framework/attribute-table.js), read against the current state. */
export const attributes = {
  preset: { read: (text) => readPreset(text), state: (preset, current) => ({ preset, r: Math.min(current.r, sizeOf(preset)) }) },
  r: { read: (text, _language, current) => readWhole('r', text, 1, sizeOf(current.preset), current.r), state: (r) => ({ r }) },
  select: { read: (text, _language, current) => readChoice('select', text, METHOD_IDS, current.select), state: (select) => ({ select }) },
  middle: { read: (text, _language, current) => readChoice('middle', text, MIDDLES, current.middle), state: (middle) => ({ middle }) },
  seed: { read: (text, _language, current) => readWhole('seed', text, 0, MAX_SEED, current.seed), state: (seed) => ({ seed }) },
};

/**
 * The change of picking a matrix in the menu: r is kept where the matrix allows it, and max volume,
 * which only fits small sizes, falls back to DEIM rather than refuse the matrix.
 */
export function presetChange(preset, current) {
  const r = Math.min(current.r, sizeOf(preset));
  const select = current.select === BRUTE_FORCE && !maxVolumeAllowed({ preset, r }) ? 'deim' : current.select;
  return { preset, r, select };
}

/** What the permalink records. */
export const permalinkFields = (s) => ({ preset: s.preset.id, r: s.r, select: s.select, middle: s.middle, seed: s.seed });

/** Whether the error-versus-r curves must be computed again (another matrix, seed or middle matrix). */
export const curvesStale = (next, previous) =>
  !previous || next.preset !== previous.preset || next.seed !== previous.seed || next.middle !== previous.middle;
