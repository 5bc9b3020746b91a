// custom-elements.json (the community manifest that editors and tools read) and the element types
// (web/types/widgets.d.ts) against the code they describe: the tags, classes and attributes of the
// element table, each widget's attribute reader (every listed value reads without a problem, every
// listed default is what a missing attribute gives), and the events the framework dispatches.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ELEMENTS } from '../../web/src/widgets/index.js';
import { CHANGE_EVENT, ERROR_EVENT, READY_EVENT } from '../../web/src/widgets/framework/public-events.js';
import * as logsumexp from '../../web/src/widgets/logsumexp/logsumexp-state.js';
import * as smoothTopk from '../../web/src/widgets/smooth-topk/smooth-topk-state.js';
import * as gradClip from '../../web/src/widgets/grad-clip/grad-clip-state.js';
import * as pinv from '../../web/src/widgets/pinv/pinv-state.js';
import * as cr from '../../web/src/widgets/cr/cr-state.js';
import * as cur from '../../web/src/widgets/cur/cur-state.js';
import * as performer from '../../web/src/widgets/performer/performer-state.js';
import * as nystromformer from '../../web/src/widgets/nystromformer/nystromformer-state.js';
import * as entropyAttention from '../../web/src/widgets/entropy-attention/entropy-attention-state.js';
import * as curRetrieval from '../../web/src/widgets/cur-retrieval/cur-retrieval-state.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = JSON.parse(readFileSync(join(repo, 'custom-elements.json'), 'utf8'));
const typings = readFileSync(join(repo, 'web/types/widgets.d.ts'), 'utf8');
const jsxTypings = readFileSync(join(repo, 'web/types/react.d.ts'), 'utf8');
const apiTypings = readFileSync(join(repo, 'web/types/index.d.ts'), 'utf8');
// A type as written, or the union it names where it is one of the API's aliases (SmoothTopKMethod).
function resolved(type) {
  const alias = /^\s*(\w+)\s*$/.exec(type)?.[1];
  return (alias && new RegExp(`export type ${alias} =([^;]*);`).exec(apiTypings)?.[1]) ?? type;
}
const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const [module] = manifest.modules;
const declarations = new Map(module.declarations.map((d) => [d.tagName, d]));

const STATE_MODULES = {
  'mathlet-logsumexp': logsumexp,
  'mathlet-smooth-topk': smoothTopk,
  'mathlet-grad-clip': gradClip,
  'mathlet-pinv': pinv,
  'mathlet-cr': cr,
  'mathlet-cur': cur,
  'mathlet-performer': performer,
  'mathlet-nystromformer': nystromformer,
  'mathlet-entropy-attention': entropyAttention,
  'mathlet-cur-retrieval': curRetrieval,
};
// A language for the readers: problems would be worded with it (none are expected here).
const language = { lang: 'en', t: (key) => key, text: (key) => key };
// What a widget reads from its attributes when only `given` are set.
function readWith(tag, given) {
  const textOf = (name) => (name in given ? given[name] : null);
  return STATE_MODULES[tag].readState(textOf, language);
}
// Values that need another attribute beside them: max volume searches every choice, only for a small r.
const CONTEXT = { 'mathlet-cur': { select: { 'max-volume': { r: '2' } } } };
const withContext = (tag, name, value) => ({ ...CONTEXT[tag]?.[name]?.[value], [name]: value });
const problemsOf = (read) => read.problems.map((p) => (typeof p === 'function' ? p(language.t) : String(p)));
// The values a union type such as '"a" | "b"' lists.
const listed = (type) => [...type.matchAll(/"([^"]+)"/g)].map((m) => m[1]);

describe('custom-elements.json', () => {
  it('is the manifest the package points to, in the tarball', () => {
    assert.equal(manifest.schemaVersion, '2.1.0');
    assert.equal(packageJson.customElements, 'custom-elements.json');
    assert.ok(packageJson.files.includes('custom-elements.json'));
    assert.equal(module.path, 'web/src/widgets/index.js');
  });

  it('declares every element of the table, by tag, class name and observed attributes', () => {
    assert.deepEqual([...declarations.keys()], Object.keys(ELEMENTS));
    for (const [tag, statics] of Object.entries(ELEMENTS)) {
      const declaration = declarations.get(tag);
      assert.equal(
        declaration.name,
        tag.replace(/(?:^|-)([a-z0-9])/g, (_, letter) => letter.toUpperCase()),
        tag,
      );
      assert.equal(declaration.customElement, true);
      assert.deepEqual(declaration.attributes.map((a) => a.name).sort(), [...statics.observedAttributes].sort(), tag);
      assert.deepEqual(module.exports.find((e) => e.name === tag)?.declaration, { name: declaration.name, module: module.path });
    }
  });

  it("lists each widget's attribute table, and every attribute has a description", () => {
    for (const [tag, state] of Object.entries(STATE_MODULES)) {
      assert.deepEqual(
        declarations
          .get(tag)
          .attributes.map((a) => a.name)
          .sort(),
        Object.keys(state.attributes).sort(),
        tag,
      );
      for (const a of declarations.get(tag).attributes) assert.ok(a.description.length > 20, `${tag} ${a.name}`);
    }
  });

  it('gives as default what a missing attribute gives, and every listed value reads without a problem', () => {
    for (const tag of Object.keys(STATE_MODULES)) {
      const bare = readWith(tag, {});
      assert.deepEqual(problemsOf(bare), [], `${tag} with no attributes`);
      for (const a of declarations.get(tag).attributes) {
        if (a.default !== undefined) {
          const read = readWith(tag, { [a.name]: JSON.parse(a.default) });
          assert.deepEqual(problemsOf(read), [], `${tag} ${a.name}=${a.default}`);
          assert.deepEqual(read.state, bare.state, `${tag}: ${a.name}=${a.default} is the default`);
        }
        for (const value of listed(a.type.text)) {
          const read = readWith(tag, withContext(tag, a.name, value));
          assert.deepEqual(problemsOf(read), [], `${tag} ${a.name}="${value}"`);
          assert.notDeepEqual(readWith(tag, { [a.name]: `${value}-not` }).problems, [], `${tag} ${a.name} refuses what it does not list`);
        }
      }
    }
  });

  it('lists the three events the widgets dispatch, with detail types that web/types/widgets.d.ts declares', () => {
    for (const declaration of declarations.values()) {
      assert.deepEqual(
        declaration.events.map((e) => e.name),
        [READY_EVENT, CHANGE_EVENT, ERROR_EVENT],
      );
      for (const event of declaration.events) {
        const detail = /^CustomEvent<(\w+)>$/.exec(event.type.text)?.[1];
        assert.match(typings, new RegExp(`export interface ${detail} \\{`), `${declaration.tagName} ${event.name}: ${detail}`);
      }
    }
  });
});

describe('web/types/widgets.d.ts', () => {
  it('maps every tag to its element type, and the package exports it with the widgets', () => {
    const tagMap = /interface HTMLElementTagNameMap \{([^}]*)\}/.exec(typings)[1];
    assert.deepEqual(
      [...tagMap.matchAll(/'(mathlet-[a-z-]+)'/g)].map((m) => m[1]),
      Object.keys(ELEMENTS),
    );
    assert.deepEqual(packageJson.exports['./widgets'], { types: './web/types/widgets.d.ts', default: './web/src/widgets/index.js' });
  });

  it('types data-state as the four states the element sets', () => {
    const lazy = readFileSync(join(repo, 'web/src/widgets/lazy-element.js'), 'utf8');
    const set = [...new Set([...lazy.matchAll(/dataset\.state = '(\w+)'/g)].map((m) => m[1]))].sort();
    assert.deepEqual(listed(/type MathletState = ([^;]+);/.exec(typings)[1].replaceAll("'", '"')).sort(), set);
  });
});

describe('web/types/react.d.ts', () => {
  // Each element's JSX props interface, by tag: { name: the literal values it lists, or [] for text }.
  function jsxAttributes(tag) {
    const name = new RegExp(`'${tag}': MathletProps<\\w+, (\\w+)>`).exec(jsxTypings)?.[1];
    const body = new RegExp(`export interface ${name} \\{([^}]*)\\}`).exec(jsxTypings)?.[1] ?? '';
    return Object.fromEntries(
      [...body.matchAll(/(\w+)\?:([^;]*);/g)].map(([, key, type]) => [key, listed(resolved(type).replaceAll("'", '"'))]),
    );
  }

  it("gives every element the manifest's attributes, with the same listed values", () => {
    for (const [tag, declaration] of declarations) {
      const jsx = jsxAttributes(tag);
      assert.deepEqual(Object.keys(jsx).sort(), declaration.attributes.map((a) => a.name).sort(), tag);
      for (const a of declaration.attributes) assert.deepEqual(jsx[a.name], listed(a.type.text), `${tag} ${a.name}`);
    }
  });

  it('is exported as mathlets/react, whose module registers the elements', () => {
    assert.deepEqual(packageJson.exports['./react'], { types: './web/types/react.d.ts', default: './web/src/widgets/react.js' });
    assert.match(readFileSync(join(repo, 'web/src/widgets/react.js'), 'utf8'), /^import '\.\/index\.js';$/m);
  });
});
