// The "Copy embed code" snippets (web/src/widgets/parts/embed-code.js), in Node: both point into the
// embed folder, the element carries the state as attributes (escaped), and the iframe's hash is the
// permalink entry that restores the same fields. tests/e2e/embed-pages.test.js opens both for real.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embedSnippets } from '../../web/src/widgets/parts/embed-code.js';
import { parseFields, parseHash } from '../../web/src/widgets/parts/permalink.js';

const folder = new URL('https://mathlets.example/site/embed/');
const snippets = (fields) => embedSnippets({ tag: 'mathlet-cur', fields, title: 'CUR decomposition', height: 1050, folder });
const lines = (text) => text.split('\n');

describe('embed code', () => {
  it('gives a script tag and the element with its state as attributes', () => {
    const [, script, element] = lines(snippets({ preset: 'kernel', r: 3, select: 'deim', seed: 1 }));
    assert.equal(script, '<script type="module" src="https://mathlets.example/site/embed/lib/mathlets-widgets.js"></script>');
    assert.equal(element, '<mathlet-cur preset="kernel" r="3" select="deim" seed="1"></mathlet-cur>');
  });

  it('gives an iframe of the embed page whose hash restores the same fields, and the host script', () => {
    const fields = { values: [1, -2.5, 1e-300], tau: 0.5 };
    const text = embedSnippets({ tag: 'mathlet-logsumexp', fields, title: 'logsumexp', height: 2540, folder });
    const frame = lines(text).find((line) => line.startsWith('<iframe'));
    const src = /src="([^"]+)"/.exec(frame)[1].replaceAll('&amp;', '&');
    assert.ok(src.startsWith('https://mathlets.example/site/embed/#logsumexp='), src);
    const entry = parseHash(new URL(src).hash).entries.get('logsumexp');
    assert.deepEqual(parseFields(entry), { values: '1,-2.5,1e-300', tau: '0.5' });
    assert.match(frame, /title="logsumexp \(mathlets\)" width="100%" height="2540"/);
    assert.ok(text.includes('<script src="https://mathlets.example/site/embed/host.js" async></script>'));
  });

  it('escapes what an attribute or a title could break out of, and leaves out unset fields', () => {
    const text = embedSnippets({ tag: 'mathlet-pinv', fields: { matrix: '1 2; 3 "4"<', rtol: null }, title: 'A & B', height: 9, folder });
    assert.ok(text.includes('<mathlet-pinv matrix="1 2; 3 &quot;4&quot;&lt;"></mathlet-pinv>'), text);
    assert.ok(text.includes('title="A &amp; B (mathlets)"'));
    assert.ok(!text.includes('rtol'));
  });
});
