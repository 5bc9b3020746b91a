// The permalink format (web/src/widgets/parts/permalink.js), in Node: one hash entry per widget,
//   #logsumexp=values:1,2,3;tau:0.5&smooth-topk=values:3,2,1,4;k:2
// with plain anchors kept in front and field values in attribute syntax.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldText, formatFields, formatHash, parseFields, parseHash } from '../../web/src/widgets/parts/permalink.js';

describe('permalink format', () => {
  it('parses entries and keeps plain anchors', () => {
    const { anchors, entries } = parseHash('#demo&logsumexp=values:1,2,3;tau:0.5&pinv=preset:hilbert');
    assert.deepEqual(anchors, ['demo']);
    assert.deepEqual(
      [...entries],
      [
        ['logsumexp', 'values:1,2,3;tau:0.5'],
        ['pinv', 'preset:hilbert'],
      ],
    );
  });
  it('formats the same hash back', () => {
    const hash = '#demo&logsumexp=values:1,2,3;tau:0.5';
    assert.equal(formatHash(parseHash(hash)), hash);
    assert.equal(formatHash(parseHash('')), '');
  });
  it('writes numbers in 12 significant digits and arrays with commas', () => {
    assert.equal(fieldText(0.1 + 0.2), '0.3');
    assert.equal(fieldText([1, 2.5, -3]), '1,2.5,-3');
    assert.equal(fieldText(new Float64Array([1e-300, 2])), '1e-300,2');
    assert.equal(formatFields({ values: [1, 2, 3], tau: 0.5, t: null }), 'values:1,2,3;tau:0.5');
  });
  it('escapes what is not URL-safe and reads it back', () => {
    const text = formatFields({ matrix: '1 2; 3 4', name: 'a:b' });
    assert.equal(text, 'matrix:1%202%3B%203%204;name:a%3Ab');
    assert.deepEqual(parseFields(text), { matrix: '1 2; 3 4', name: 'a:b' });
  });
  it('survives malformed escapes', () => {
    assert.deepEqual(parseFields('tau:%E0%A4%A;k:2'), { tau: '%E0%A4%A', k: '2' });
  });
});
