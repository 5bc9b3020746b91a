// The state of <mathlet-cr> and how text becomes state:
//   state = { preset: one of PRESETS (the factors X, Y), r: 1..l, seed, sampling,
//             keep: the reader's own selection (ascending term indices, [] for none) }
// The attributes and the permalink fields share names and syntax (cr-presets.js reads them).
// A problem is a function of the language's t(), so it is worded again after a switch.
import { DEFAULTS, MAX_SEED, readKeep, readPreset, readSampling, readWhole } from './cr-presets.js';

const termsOf = (preset) => preset.X[0].length;

/** The state the attributes (or a link) describe: r is read against the preset's number of terms. */
export function readState(textOf) {
  const preset = readPreset(textOf('preset'));
  const l = termsOf(preset.value);
  const r = readWhole('r', textOf('r'), 1, l, Math.min(DEFAULTS.r, l));
  const seed = readWhole('seed', textOf('seed'), 0, MAX_SEED, DEFAULTS.seed);
  const sampling = readSampling(textOf('sampling'));
  const keep = readKeep(textOf('keep'), l);
  return {
    state: { preset: preset.value, r: r.value, seed: seed.value, sampling: sampling.value, keep: keep.value },
    problems: [preset, r, seed, sampling, keep].map((x) => x.problem).filter(Boolean),
  };
}

/** A changed attribute (framework/attribute-table.js), read against the current state. */
export const attributes = {
  preset: {
    read: (text) => readPreset(text),
    state: (preset, current) => ({ preset, r: Math.min(current.r, termsOf(preset)), keep: keepWithin(current.keep, preset) }),
  },
  r: { read: (text, _language, current) => readWhole('r', text, 1, termsOf(current.preset), current.r), state: (r) => ({ r }) },
  seed: { read: (text, _language, current) => readWhole('seed', text, 0, MAX_SEED, current.seed), state: (seed) => ({ seed }) },
  sampling: { read: (text) => readSampling(text), state: (sampling) => ({ sampling }) },
  keep: { read: (text, _language, current) => readKeep(text, termsOf(current.preset), current.keep), state: (keep) => ({ keep }) },
};

/** The pick after a change of factors: kept only when every index still names a term. */
export const keepWithin = (keep, preset) => (keep.every((i) => i < termsOf(preset)) ? keep : []);

/** What the permalink records. */
export const permalinkFields = (state) => ({
  preset: state.preset.id,
  r: state.r,
  seed: state.seed,
  sampling: state.sampling,
  ...(state.keep.length > 0 ? { keep: state.keep.join(',') } : {}),
});

/** Whether the error-versus-r curves must be computed again (new factors or a new seed). */
export const curvesStale = (next, previous) => next.preset !== previous.preset || next.seed !== previous.seed;
