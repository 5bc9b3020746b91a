// The state of <mathlet-grad-clip> and how text becomes state:
//   state = { g: [g1, g2], tau,                        the attributes (and the permalink's fields)
//             law, draw,                               the law and the count of "Draw g"
//             problem, optimizer, lr, lossScale, seed, the training run (training-setup.js)
//             warmup, lrCap,                           the R4 panel
//             sweepLaw }                               the 1/sqrt(N) sweep
// Only g and tau are attributes and in the link (clip-attributes.js reads them); the rest are the
// reader's own settings, which a link pasted in place or the reset button leave as they are.
import { fieldsOrAttribute, readAttributeTable } from '../framework/attribute-table.js';
import { readGradient, readTau } from './clip-attributes.js';
import { OPTIMIZERS, TRAINING_DEFAULTS, WARMUP_DEFAULTS } from './training-setup.js';

/** The attribute table (framework/attribute-table.js). */
export const attributes = {
  g: { read: readGradient, state: (g) => ({ g }) },
  tau: { read: readTau, state: (tau) => ({ tau }) },
};

/** The reader's own settings at mount. */
export const SETTINGS = { law: 'gaussian', draw: 0, ...TRAINING_DEFAULTS, ...WARMUP_DEFAULTS, sweepLaw: 'gaussian-quantiles' };

/**
 * The state the attributes (or a link) describe. A link pasted in place (`restoreSource`) gives
 * g and tau only, so the commit keeps the reader's settings.
 */
export function readState(textOf, language) {
  const read = readAttributeTable(attributes, textOf, language);
  return { state: textOf.keepsSettings ? read.state : { ...SETTINGS, ...read.state }, problems: read.problems };
}

/** textOf for a link pasted in place: its fields, else the element's attributes; the settings stay. */
export const restoreSource = (fields, host) => Object.assign(fieldsOrAttribute(fields, host), { keepsSettings: true });

/** What the permalink records. */
export const permalinkFields = (state) => ({ g: state.g, tau: state.tau });

// The parts of the state each background job depends on.
export const JOB_KEYS = {
  run: ['tau', 'optimizer', 'problem', 'lr', 'lossScale', 'seed'],
  warmup: ['optimizer', 'problem', 'lr', 'lossScale', 'seed', 'warmup', 'lrCap'],
  sweep: ['sweepLaw'],
};

/** Whether the job `kind` must run again for `next` (it last ran for, or was drawn for, `previous`). */
export const jobStale = (kind, next, previous) => JOB_KEYS[kind].some((key) => next[key] !== previous[key]);

/** A new optimizer or problem starts from that pair's own learning rate. */
export const withDefaultLr = (optimizer, problem) => ({ optimizer, problem, lr: OPTIMIZERS.find((o) => o.id === optimizer).lr[problem] });

/** The detail of the mathlet-change event: g, tau and both clips. */
export function results(state, { clip }) {
  return {
    g: [...state.g],
    tau: state.tau,
    norm: clip.norm.norm,
    scale: clip.norm.scale,
    byNorm: Array.from(clip.norm.tensors[0]),
    byValue: [...clip.value],
  };
}
