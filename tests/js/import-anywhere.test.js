// The entry points import in plain Node, as they must in a server render (Next.js prerenders a
// 'use client' component on the server) or a Node script: there is no DOM, so nothing may touch
// HTMLElement at import and no element gets defined, and the JS API works afterwards.
// The packed embed bundle gets the same check in tests/package/node-esm.test.js.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

describe('importing the entry points in Node (no DOM)', () => {
  it('runs where there is no DOM at all', () => {
    // Were a future Node to grow these globals, the tests below would prove nothing.
    for (const name of ['HTMLElement', 'customElements', 'document']) assert.equal(name in globalThis, false, name);
  });

  it('imports mathlets/widgets without throwing and defines nothing', async () => {
    await import('../../web/src/widgets/index.js');
    assert.equal('customElements' in globalThis, false, 'no registry appeared');
    assert.equal('HTMLElement' in globalThis, false, 'no DOM shim appeared');
  });

  it('imports mathlets, and its API computes after both imports', async () => {
    const { load } = await import('../../web/src/core/index.js');
    const m = await load({ variant: 'baseline' });
    assert.equal(m.logsumexp([0, 0]), Math.LN2);
  });
});
