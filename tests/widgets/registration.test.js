// Where a page has a custom element registry, importing the widgets entry defines the six lazy
// elements (tag, class name, observed attributes, placeholder title and height), each once, and a
// second copy of the entry leaves them alone. A stand-in registry and HTMLElement play the browser
// here (tests/e2e/ drive the real elements); tests/js/import-anywhere.test.js covers Node with none.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

class FakeHTMLElement {}
const defined = new Map();
// Like a browser's registry, it refuses a tag defined twice.
const registry = {
  get: (tag) => defined.get(tag),
  define(tag, element) {
    if (defined.has(tag)) throw new Error(`${tag} has already been defined`);
    defined.set(tag, element);
  },
};

const EXPECTED = {
  'mathlet-logsumexp': ['MathletLogsumexp', 'logsumexp', 2540, ['values', 'tau', 't', 'y', 'mix']],
  'mathlet-smooth-topk': ['MathletSmoothTopk', 'smooth top-k', 1610, ['values', 'k', 'tau', 'method']],
  'mathlet-grad-clip': ['MathletGradClip', 'gradient clipping', 1770, ['g', 'tau']],
  'mathlet-pinv': ['MathletPinv', 'pseudo-inverse', 1370, ['matrix', 'preset', 'rtol', 'route', 'eps']],
  'mathlet-cr': ['MathletCr', 'CR matrix product', 2280, ['preset', 'r', 'seed', 'sampling', 'keep']],
  'mathlet-cur': ['MathletCur', 'CUR decomposition', 1050, ['preset', 'r', 'select', 'middle', 'seed']],
  'mathlet-performer': [
    'MathletPerformer',
    'Performer attention',
    2030,
    ['inputs', 'n', 'd', 'sharpness', 'm', 'kind', 'orthogonal', 'causal', 'seed', 'draw', 'row', 'key'],
  ],
  'mathlet-nystromformer': [
    'MathletNystromformer',
    'Nyström attention',
    2220,
    ['preset', 'n', 'd', 'tau', 'm', 'landmarks', 'pinv', 'k', 'seed', 'amatrix', 'initscale'],
  ],
  'mathlet-entropy-attention': [
    'MathletEntropyAttention',
    'Entropy-invariant attention',
    1870,
    ['d', 'gain', 'keys', 'rows', 'seed', 'base', 'k', 'eps', 'dist', 'target'],
  ],
  'mathlet-cur-retrieval': [
    'MathletCurRetrieval',
    'CUR retrieval',
    1760,
    ['kind', 'beta', 'r', 'noise', 'seed', 'items', 'kq', 'tests', 'k', 'ki', 'kr', 'anchors', 'rtol', 'query', 'transform'],
  ],
};

describe('registering the widget elements', () => {
  before(async () => {
    globalThis.HTMLElement = FakeHTMLElement;
    globalThis.customElements = registry;
    await import('../../web/src/widgets/index.js');
  });

  it('defines each element once, as an HTMLElement with its statics', () => {
    assert.deepEqual([...defined.keys()], Object.keys(EXPECTED));
    for (const [tag, [name, title, height, observed]] of Object.entries(EXPECTED)) {
      const element = defined.get(tag);
      assert.equal(element.name, name);
      assert.ok(element.prototype instanceof FakeHTMLElement, `${tag} extends HTMLElement`);
      assert.equal(element.title.en, title);
      assert.equal(typeof element.title.zh, 'string');
      assert.equal(element.placeholderHeight, height);
      assert.deepEqual(element.observedAttributes, observed);
      assert.equal(typeof element.loadImplementation, 'function');
    }
  });

  it('shares one lazy base class, so the behaviour is written once', () => {
    const bases = new Set([...defined.values()].map((element) => Object.getPrototypeOf(element)));
    assert.equal(bases.size, 1);
    assert.equal([...bases][0].name, 'LazyMathletElement');
  });

  it('a second copy of the entry (another bundle on the page) keeps the first definitions', async () => {
    const first = new Map(defined);
    await import('../../web/src/widgets/index.js?second-copy');
    assert.deepEqual(defined, first);
  });
});
