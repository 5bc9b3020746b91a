// The states of <mathlet-pinv> and <mathlet-cr> in Node: presets, attributes (a matrix wins over a
// preset; r read against the preset's size), changed attributes, and what the permalink records.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import {
  attributes as crAttributes,
  curvesStale,
  permalinkFields as crFields,
  readState as readCr,
} from '../../web/src/widgets/cr/cr-state.js';
import { PRESETS as CR_PRESETS } from '../../web/src/widgets/cr/cr-presets.js';
import { formatFields } from '../../web/src/widgets/parts/permalink.js';
import { createWidgetLanguage } from '../../web/src/widgets/parts/widget-language.js';
import { pinvText } from '../../web/src/widgets/pinv/pinv-text.js';
import { PRESETS as PINV_PRESETS } from '../../web/src/widgets/pinv/pinv-presets.js';
import {
  attributes as pinvAttributes,
  linkOrAttribute,
  permalinkFields as pinvFields,
  readState as readPinv,
} from '../../web/src/widgets/pinv/pinv-state.js';

const language = createWidgetLanguage({ closest: () => null, getAttribute: () => null, ownerDocument: null }, pinvText);
const textOf = (attrs) => (name) => attrs[name] ?? null;
const t = (key, params) => `${key} ${JSON.stringify(params ?? {})}`;

describe('pinv state', () => {
  it('starts from the first preset with the default tolerance, route and ε', () => {
    const { state, problems } = readPinv(textOf({}), language);
    assert.deepEqual(state, { A: PINV_PRESETS[0].matrix, preset: PINV_PRESETS[0].id, rtol: null, route: 'bdcsvd', eps: 1e-6 });
    assert.deepEqual(problems, []);
  });
  it('lets a matrix win over a preset, and reports what it ignored', () => {
    const { state, problems } = readPinv(textOf({ preset: 'rank-one', matrix: '1,2;3,4', route: 'nope' }), language);
    assert.deepEqual(state.A, [
      [1, 2],
      [3, 4],
    ]);
    assert.equal(state.preset, 'custom');
    assert.equal(state.route, 'bdcsvd');
    assert.equal(problems.length, 1);
  });
  it('takes the matrix and the preset from a link as one choice', () => {
    const link = { get: (name) => ({ preset: 'rank-one' })[name] ?? null };
    const host = { getAttribute: (name) => ({ matrix: '5,6;7,8' })[name] ?? null };
    const { state } = readPinv(linkOrAttribute(link, host), language);
    assert.equal(state.preset, 'rank-one');
  });
  it('changes by attribute: a preset brings its matrix and the default tolerance; an empty one changes nothing', () => {
    const current = readPinv(textOf({ rtol: '1e-3' }), language).state;
    assert.deepEqual(readOneAttribute(pinvAttributes, 'preset', 'rank-one', language, current).change, {
      A: [
        [1, 2],
        [2, 4],
      ],
      preset: 'rank-one',
      rtol: null,
    });
    assert.deepEqual(readOneAttribute(pinvAttributes, 'preset', '', language, current), { change: null });
    assert.ok(readOneAttribute(pinvAttributes, 'eps', '1e9', language, current).problem);
  });
  it('records a preset by name and a custom matrix in full', () => {
    const preset = readPinv(textOf({ preset: 'rank-one' }), language).state;
    assert.equal(formatFields(pinvFields(preset)), 'preset:rank-one;rtol:default;route:bdcsvd;eps:0.000001');
    const custom = readPinv(textOf({ matrix: '1,2;3,4.5' }), language).state;
    assert.equal(formatFields(pinvFields(custom)), 'matrix:1,2%3B3,4.5;rtol:default;route:bdcsvd;eps:0.000001');
  });
});

describe('cr state', () => {
  it("reads r against the preset's number of terms", () => {
    const small = CR_PRESETS.find((p) => p.X[0].length < 6);
    const { state, problems } = readCr(textOf({ preset: small.id, r: '6' }));
    assert.equal(state.r, Math.min(6, small.X[0].length));
    assert.equal(problems.length, 1);
    assert.match(problems[0](t), /attr.wholeBetween/);
  });
  it('keeps r within the new preset when the preset attribute changes', () => {
    const current = readCr(textOf({ r: '6' })).state;
    const small = CR_PRESETS.find((p) => p.X[0].length < 6);
    assert.deepEqual(readOneAttribute(crAttributes, 'preset', small.id, null, current).change, {
      preset: small,
      r: small.X[0].length,
      keep: [],
    });
    assert.ok(readOneAttribute(crAttributes, 'seed', '-1', null, current).problem);
  });
  it('recomputes the curves only for new factors or a new seed', () => {
    const s = readCr(textOf({})).state;
    assert.equal(curvesStale({ ...s, r: s.r + 1 }, s), false);
    assert.equal(curvesStale({ ...s, sampling: 'top' }, s), false);
    assert.equal(curvesStale({ ...s, seed: s.seed + 1 }, s), true);
  });
  it('records preset, r, seed and sampling', () => {
    const s = readCr(textOf({ seed: '7', sampling: 'uniform' })).state;
    assert.equal(formatFields(crFields(s)), `preset:${s.preset.id};r:${s.r};seed:7;sampling:uniform`);
  });
});
