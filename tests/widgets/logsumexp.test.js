// <mathlet-logsumexp>'s state in Node: its attributes, the state they give, its transitions and
// what its permalink records.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { createStateStore } from '../../web/src/widgets/framework/state-store.js';
import { attributes, normalize, permalinkFields, readState, weights } from '../../web/src/widgets/logsumexp/logsumexp-state.js';
import { formatFields } from '../../web/src/widgets/parts/permalink.js';
import { createWidgetLanguage } from '../../web/src/widgets/parts/widget-language.js';
import { logsumexpText } from '../../web/src/widgets/logsumexp/logsumexp-text.js';

// The widget's language without a document: English (languageOf falls back to the browser's, and Node has none).
const language = createWidgetLanguage({ closest: () => null, getAttribute: () => null, ownerDocument: null }, logsumexpText);
const textOf = (attrs) => (name) => attrs[name] ?? null;

describe('logsumexp attributes', () => {
  it('gives the defaults for no attributes', () => {
    assert.deepEqual(readState(textOf({})), { state: { x: [1, 2, 3], tau: 1, t: 3, p: null }, problems: [] });
  });
  it('reads values, tau and t', () => {
    const { state, problems } = readState(textOf({ values: '4, −1 2.5', tau: '0.01', t: '2' }));
    assert.deepEqual(state, { x: [4, -1, 2.5], tau: 0.01, t: 2, p: null });
    assert.deepEqual(problems, []);
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
  it('resets the weights to uniform when x gains or loses an entry', () => {
    const s = store();
    s.commit({ p: [0.2, 0.3, 0.5] });
    s.commit({ x: [3, 2, 1, 0] });
    assert.deepEqual(weights(s.state), [0.25, 0.25, 0.25, 0.25]);
  });
});

describe('logsumexp permalink', () => {
  it('records values, tau and t (not the weights)', () => {
    const state = { x: [1, 2.5, -3], tau: 0.5, t: 3, p: [0.1, 0.2, 0.7] };
    assert.equal(formatFields(permalinkFields(state)), 'values:1,2.5,-3;tau:0.5;t:3');
  });
});
