// The state of <mathlet-pinv> as text: read from the element's attributes or from a permalink, and
// written back as permalink fields (the same names and syntax as the attributes, see pinv-presets.js).
//   state = { A: number[][], preset: id | 'custom', rtol: number | null (default), route, eps }
import { DEFAULT_PRESET, matrixText, readEps, readMatrix, readPreset, readRoute, readRtol } from './pinv-presets.js';
import { EPS_MAX, EPS_MIN } from './ridge-path-plot.js';

/**
 * The attribute table (framework/attribute-table.js), for a changed attribute: a matrix makes the
 * preset 'custom'; a preset brings its matrix and the default tolerance; an empty one changes nothing.
 */
export const attributes = {
  preset: { read: readPreset, state: (preset) => preset && { A: preset.matrix, preset: preset.id, rtol: null } },
  matrix: { read: readMatrix, state: (A) => A && { A, preset: 'custom' } },
  rtol: { read: readRtol, state: (rtol) => ({ rtol }) },
  route: { read: readRoute, state: (route) => ({ route }) },
  eps: { read: (text, language) => readEps(text, language, EPS_MIN, EPS_MAX), state: (eps) => ({ eps }) },
};

/**
 * readState(attribute, language) -> { state, problems }: `attribute(name)` gives the text of an
 * attribute or permalink field, or null. A matrix wins over a preset; bad text is reported in
 * `problems` (in the widget's language) and the default is used instead.
 */
export function readState(attribute, language) {
  const read = {
    preset: readPreset(attribute('preset'), language),
    matrix: readMatrix(attribute('matrix'), language),
    rtol: readRtol(attribute('rtol'), language),
    route: readRoute(attribute('route'), language),
    eps: readEps(attribute('eps'), language, EPS_MIN, EPS_MAX),
  };
  const preset = read.preset.value ?? DEFAULT_PRESET;
  const chosen = read.matrix.value ? { A: read.matrix.value, preset: 'custom' } : { A: preset.matrix, preset: preset.id };
  return {
    state: { ...chosen, rtol: read.rtol.value, route: read.route.value, eps: read.eps.value },
    problems: Object.values(read)
      .map((r) => r.problem)
      .filter(Boolean),
  };
}

/** The permalink fields of `state`: the preset's name, or the reader's own matrix in full. */
export function permalinkFields(state) {
  const custom = state.preset === 'custom';
  return {
    preset: custom ? null : state.preset,
    matrix: custom ? matrixText(state.A) : null,
    rtol: state.rtol ?? 'default',
    route: state.route,
    eps: state.eps,
  };
}

/**
 * Where each field comes from at mount: the permalink where it has the field, else the attribute.
 * The matrix and the preset are one choice: a link naming either decides both, so a linked preset
 * is not overridden by a matrix attribute on the element (or the other way round).
 */
export function linkOrAttribute(link, host) {
  const linked = link.get('matrix') !== null || link.get('preset') !== null;
  return (name) => ((name === 'matrix' || name === 'preset') && linked ? link.get(name) : (link.get(name) ?? host.getAttribute(name)));
}

/** For a link pasted in place (hashchange): its fields, with the element's attributes for the missing ones. */
export function fieldsOrAttribute(fields, host) {
  const linked = 'matrix' in fields || 'preset' in fields;
  return (name) =>
    (name === 'matrix' || name === 'preset') && linked ? (fields[name] ?? null) : (fields[name] ?? host.getAttribute(name));
}
