// <mathlet-logsumexp>'s state in Node: its attributes, the state they give, its transitions and
// what its permalink records (the second vector y and the mixing weight mix included).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { createStateStore } from '../../web/src/widgets/framework/state-store.js';
import { attributes, normalize, permalinkFields, readState, weights } from '../../web/src/widgets/logsumexp/logsumexp-state.js';
import { formatFields } from '../../web/src/widgets/parts/permalink.js';
import { createWidgetLanguage } from '../../web/src/widgets/parts/widget-language.js';
import { logsumexpText } from '../../web/src/widgets/logsumexp/logsumexp-text.js';
import { fitY } from '../../web/src/widgets/logsumexp/widget-attributes.js';

// The widget's language without a document: English (languageOf falls back to the browser's, and Node has none).
const language = createWidgetLanguage({ closest: () => null, getAttribute: () => null, ownerDocument: null }, logsumexpText);
const textOf = (attrs) => (name) => attrs[name] ?? null;

describe('logsumexp attributes', () => {
  it('gives the defaults for no attributes', () => {
    // y is logsumexp.md §5.3's second vector for x = (1, 2, 3).
    assert.deepEqual(readState(textOf({})), { state: { x: [1, 2, 3], tau: 1, t: 3, y: [1.5, 1, 3.2], mix: 0.3, p: null }, problems: [] });
  });
  it('reads values, tau, t, y and mix', () => {
    const { state, problems } = readState(textOf({ values: '4, −1 2.5', tau: '0.01', t: '2', y: '0 0 −7', mix: '1' }));
    assert.deepEqual(state, { x: [4, -1, 2.5], tau: 0.01, t: 2, y: [0, 0, -7], mix: 1, p: null });
    assert.deepEqual(problems, []);
  });
  it('without a y attribute, y is x shifted by the default offsets 0.5, −1, 0.2 (repeated)', () => {
    assert.deepEqual(readState(textOf({ values: '0 0 0 0 0' })).state.y, [0.5, -1, 0.2, 0.5, -1]);
    assert.deepEqual(fitY(null, [10]), [10.5]);
    assert.deepEqual(fitY([7, 8, 9], [1, 2]), [7, 8], 'a longer y is cut');
    assert.deepEqual(fitY([7], [1, 2, 3]), [7, 1, 3.2], 'a shorter y is extended');
  });
  it('fits a y of the wrong length to x and says so', () => {
    const { state, problems } = readState(textOf({ values: '1 2 3', y: '5 6' }));
    assert.deepEqual(state.y, [5, 6, 3.2]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0](language), 'y: 2 numbers, but x has 3; y was fitted to 3');
  });
  it('refuses a changed y attribute of the wrong length, a bad y entry and a mix outside [0, 1]', () => {
    const current = readState(textOf({})).state;
    const wrong = readOneAttribute(attributes, 'y', '1 2', language, current);
    assert.match(wrong.problem(language), /^y: 2 numbers, but x has 3/);
    assert.deepEqual(readOneAttribute(attributes, 'y', '4 5 6', language, current), { change: { y: [4, 5, 6] } });
    assert.equal(readOneAttribute(attributes, 'y', '1, pear, 3', language, current).problem(language), 'y: y₂: not a number');
    assert.equal(readOneAttribute(attributes, 'mix', '1.5', language, current).problem(language), 'mix: must be between 0 and 1');
    assert.deepEqual(readOneAttribute(attributes, 'mix', '0.25', language, current), { change: { mix: 0.25 } });
  });
  it('reports bad attributes and keeps the defaults for them', () => {
    const { state, problems } = readState(textOf({ values: '1, banana', tau: '1e9' }));
    assert.deepEqual(state.x, [1, 2, 3]);
    assert.equal(state.tau, 1);
    assert.equal(problems.length, 2);
    assert.match(problems[0](language), /values/);
    assert.match(problems[1](language), /tau/);
  });
  it('refuses more than 12 values', () => {
    const read = readOneAttribute(attributes, 'values', Array.from({ length: 13 }, (_, i) => i).join(','), language);
    assert.ok(read.problem);
    assert.match(read.problem(language), /13/);
  });
});

describe('logsumexp state transitions', () => {
  const store = () => createStateStore({ initial: readState(textOf({})).state, evaluate: () => ({}), normalize });
  it("keeps the reader's weights while the length of x stays", () => {
    const s = store();
    s.commit({ p: [0.2, 0.3, 0.5] });
    s.commit({ x: [3, 2, 1] });
    assert.deepEqual(weights(s.state), [0.2, 0.3, 0.5]);
  });
  it('keeps y while x keeps its length, and fits it when x gains or loses an entry', () => {
    const s = store();
    s.commit({ y: [9, 8, 7] });
    s.commit({ x: [3, 2, 1] });
    assert.deepEqual(s.state.y, [9, 8, 7]);
    s.commit({ x: [3, 2, 1, 4] });
    assert.deepEqual(s.state.y, [9, 8, 7, 4.5], 'the new entry is x₄ + 0.5');
    s.commit({ x: [3, 2] });
    assert.deepEqual(s.state.y, [9, 8]);
    s.commit({ y: null });
    assert.deepEqual(s.state.y, [3.5, 1], 'a cleared y attribute gives the default');
  });
  it('resets the weights to uniform when x gains or loses an entry', () => {
    const s = store();
    s.commit({ p: [0.2, 0.3, 0.5] });
    s.commit({ x: [3, 2, 1, 0] });
    assert.deepEqual(weights(s.state), [0.25, 0.25, 0.25, 0.25]);
  });
});

describe('logsumexp permalink', () => {
  it('records values, tau, t, y and mix (not the weights), and reads them back', () => {
    const state = { x: [1, 2.5, -3], tau: 0.5, t: 3, p: [0.1, 0.2, 0.7], y: [0.1, -2, 1e-7], mix: 0.35 };
    const text = formatFields(permalinkFields(state));
    assert.equal(text, 'values:1,2.5,-3;tau:0.5;t:3;y:0.1,-2,1e-7;mix:0.35');
    const fields = Object.fromEntries(text.split(';').map((f) => f.split(':')));
    assert.deepEqual(readState(textOf(fields)).state, { ...state, p: null });
  });
});
