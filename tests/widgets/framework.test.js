// The widget framework's pure logic, in Node (no browser, no DOM): the scheduler, the template
// splitter, the attribute table, the state store, frame batching and teardown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAttributeTable, readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { busyJobs } from '../../web/src/widgets/framework/busy-jobs.js';
import { createFrameBatcher } from '../../web/src/widgets/framework/frame-batcher.js';
import { onWidgetTeardown, withMountScope } from '../../web/src/widgets/framework/mount-scope.js';
import { createNewestWins } from '../../web/src/widgets/framework/newest-wins.js';
import { CHANGE_EVENT, ERROR_EVENT, emitWidgetEvent, messageText, READY_EVENT } from '../../web/src/widgets/framework/public-events.js';
import { Refusal } from '../../web/src/widgets/framework/refusal.js';
import { createStateStore } from '../../web/src/widgets/framework/state-store.js';
import { createTeardown } from '../../web/src/widgets/framework/teardown.js';
import { fillTemplate, mapTemplate, splitTemplate } from '../../web/src/widgets/framework/template-slots.js';

// A promise with its resolve and reject, to play a worker answering when the test decides.
function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('newest-wins scheduler', () => {
  function harness() {
    const calls = [];
    const answers = [];
    const errors = [];
    const job = createNewestWins({
      run: (input) => {
        const d = deferred();
        calls.push({ input, ...d });
        return d.promise;
      },
      onAnswer: (value, input, { latest }) => answers.push({ value, input, latest }),
      onError: (error, input, { latest }) => errors.push({ message: error.message, input, latest }),
    });
    return { job, calls, answers, errors };
  }

  it('sends one request at a time and only the newest waiting input', async () => {
    const { job, calls, answers } = harness();
    job.request(1);
    const replaced = job.request(2);
    job.request(3);
    assert.deepEqual(
      calls.map((c) => c.input),
      [1],
    );
    assert.equal(await replaced, null, 'an input replaced before it was sent settles with null');
    calls[0].resolve('one');
    await tick();
    assert.deepEqual(
      calls.map((c) => c.input),
      [1, 3],
    );
    assert.deepEqual(answers, [{ value: 'one', input: 1, latest: false }]);
    calls[1].resolve('three');
    await tick();
    assert.deepEqual(answers.at(-1), { value: 'three', input: 3, latest: true });
    assert.equal(job.busy, false);
  });

  it('delivers answers in the order of the inputs, each marked latest or not', async () => {
    const { job, calls, answers } = harness();
    const first = job.request('a');
    calls[0].resolve('A');
    assert.deepEqual(await first, { value: 'A', latest: true });
    job.request('b');
    job.request('c');
    calls[1].resolve('B');
    await tick();
    calls[2].resolve('C');
    await tick();
    assert.deepEqual(
      answers.map((a) => [a.input, a.latest]),
      [
        ['a', true],
        ['b', false],
        ['c', true],
      ],
    );
  });

  it('reports errors with the same latest flag and keeps going', async () => {
    const { job, calls, errors, answers } = harness();
    job.request(1);
    calls[0].reject(new Error('refused'));
    await tick();
    assert.deepEqual(errors, [{ message: 'refused', input: 1, latest: true }]);
    job.request(2);
    calls[1].resolve(2);
    await tick();
    assert.equal(answers.length, 1);
  });

  it('delivers nothing after dispose (teardown) and sends no waiting input', async () => {
    const { job, calls, answers } = harness();
    const inFlight = job.request(1);
    const waiting = job.request(2);
    job.dispose();
    assert.equal(await waiting, null);
    calls[0].resolve('late');
    assert.equal(await inFlight, null);
    assert.deepEqual(answers, []);
    assert.equal(calls.length, 1);
    assert.equal(await job.request(3), null);
  });

  it('calls onStart when it goes from idle to busy', async () => {
    const started = [];
    const job = createNewestWins({ run: async (x) => x, onStart: (input) => started.push(input) });
    await job.request(1);
    job.request(2);
    job.request(3);
    await tick();
    assert.deepEqual(started, [1, 2]);
  });
});

describe('busy jobs', () => {
  it('lists the running jobs in data-busy, drops the attribute when none runs, and reports each change', () => {
    const host = { dataset: {} };
    const seen = [];
    const busy = busyJobs(host, (...change) => seen.push(change));
    busy('sweep', true);
    busy('study', true);
    assert.equal(host.dataset.busy, 'sweep study');
    busy('sweep', false);
    assert.equal(host.dataset.busy, 'study');
    busy('study', false, new RangeError('too large'));
    assert.equal('busy' in host.dataset, false);
    assert.deepEqual(seen.at(-1), ['study', false, 'too large']);
    assert.equal(seen.length, 4);
  });
});

describe('template splitter', () => {
  it('splits text and slots, leaving out empty text', () => {
    assert.deepEqual(splitTemplate('Temperature {tau} of {n}'), ['Temperature ', { slot: 'tau' }, ' of ', { slot: 'n' }]);
    assert.deepEqual(splitTemplate('{a}{b}'), [{ slot: 'a' }, { slot: 'b' }]);
    assert.deepEqual(splitTemplate('no slots'), ['no slots']);
    assert.deepEqual(splitTemplate('{not a slot} {x-y}'), ['{not a slot} {x-y}']);
  });
  it('fills slots with text, keeping unfilled ones visible', () => {
    assert.equal(fillTemplate('{name} would be {what}', { name: 'x₃', what: 0 }), 'x₃ would be 0');
    assert.equal(fillTemplate('{name} is {missing}', { name: 'k' }), 'k is {missing}');
  });
  it('maps slots to anything (nodes, in the DOM)', () => {
    const node = { node: true };
    assert.deepEqual(
      mapTemplate('a {x} b {y}', (name) => (name === 'x' ? node : undefined)),
      ['a ', node, ' b ', '{y}'],
    );
  });
});

describe('attribute table', () => {
  const readNumber = (fallback) => (text) => {
    if (text === null || text.trim() === '') return { value: fallback };
    const value = Number(text);
    return Number.isFinite(value) ? { value } : { value: fallback, problem: `bad ${text}` };
  };
  const table = {
    tau: { read: readNumber(1), state: (tau) => ({ tau }) },
    k: { read: readNumber(2), state: (k) => ({ k, reset: true }) },
    preset: { read: (text) => ({ value: text }), state: (name) => (name ? { tau: 99 } : null) },
  };
  it('reads every attribute, with defaults and problems', () => {
    const text = { tau: '0.5', k: 'x' };
    assert.deepEqual(
      readAttributeTable(table, (name) => text[name] ?? null),
      { state: { tau: 0.5, k: 2, reset: true }, problems: ['bad x'] },
    );
  });
  it('lets a later attribute override an earlier one, and a null state change nothing', () => {
    assert.deepEqual(readAttributeTable(table, (name) => ({ preset: 'p' })[name] ?? null).state, { tau: 99, k: 2, reset: true });
  });
  it('reads one changed attribute', () => {
    assert.deepEqual(readOneAttribute(table, 'tau', '3'), { change: { tau: 3 } });
    assert.deepEqual(readOneAttribute(table, 'tau', 'nope'), { problem: 'bad nope' });
    assert.deepEqual(readOneAttribute(table, 'unknown', '3'), { change: null });
    assert.deepEqual(readOneAttribute(table, 'preset', ''), { change: null });
  });
});

describe('state store', () => {
  const evaluate = (state) => {
    if (state.x < 0) throw new RangeError('x must be at least 0');
    return { root: Math.sqrt(state.x) };
  };
  it('keeps the last valid state when a change is refused, and says why', () => {
    const rejected = [];
    const committed = [];
    const store = createStateStore({
      initial: { x: 4, label: 'a' },
      evaluate,
      onCommit: (state, previous, origin) => committed.push({ state, previous, origin }),
      onReject: (error, change, origin) => rejected.push({ message: error.message, change, origin }),
    });
    assert.equal(store.derived.root, 2);
    assert.equal(store.commit({ x: 9 }, 'slider'), true);
    assert.deepEqual(committed, [{ state: { x: 9, label: 'a' }, previous: { x: 4, label: 'a' }, origin: 'slider' }]);
    assert.equal(store.commit({ x: -1 }, 'field'), false);
    assert.deepEqual(store.state, { x: 9, label: 'a' });
    assert.equal(store.derived.root, 3);
    assert.deepEqual(rejected, [{ message: 'x must be at least 0', change: { x: -1 }, origin: 'field' }]);
  });
  it('applies a transition rule before evaluating', () => {
    const store = createStateStore({
      initial: { x: [1, 2], p: [0.5, 0.5] },
      evaluate: () => ({}),
      normalize: (next, previous) => (next.x.length !== previous.x.length ? { ...next, p: null } : next),
    });
    store.commit({ x: [3, 4] });
    assert.deepEqual(store.state.p, [0.5, 0.5]);
    store.commit({ x: [3, 4, 5] });
    assert.equal(store.state.p, null);
  });
  it('a Refusal carries its own message', () => {
    const refusal = new Refusal((language) => `${language}: no`);
    assert.ok(refusal instanceof Error);
    assert.equal(refusal.say('en'), 'en: no');
  });
});

describe('frame batcher', () => {
  function fakeFrames() {
    const queue = new Map();
    let next = 1;
    return {
      requestFrame: (callback) => {
        queue.set(next, callback);
        return next++;
      },
      cancelFrame: (id) => queue.delete(id),
      run() {
        const callbacks = [...queue.values()];
        queue.clear();
        for (const callback of callbacks) callback();
      },
      get size() {
        return queue.size;
      },
    };
  }
  it('draws once per frame however often it is asked', () => {
    const frames = fakeFrames();
    let draws = 0;
    const batcher = createFrameBatcher(() => draws++, frames);
    batcher.request();
    batcher.request();
    batcher.request();
    assert.equal(frames.size, 1);
    frames.run();
    assert.equal(draws, 1);
    batcher.request();
    frames.run();
    assert.equal(draws, 2);
  });
  it('cancels a pending frame (teardown) and flushes on demand', () => {
    const frames = fakeFrames();
    let draws = 0;
    const batcher = createFrameBatcher(() => draws++, frames);
    batcher.request();
    batcher.cancel();
    assert.equal(frames.size, 0);
    assert.equal(batcher.pending, false);
    batcher.request();
    batcher.flush();
    assert.equal(draws, 1);
    assert.equal(frames.size, 0);
  });
});

describe('teardown', () => {
  it('undoes everything once, newest first, and removes listeners', () => {
    const order = [];
    const teardown = createTeardown();
    const target = new EventTarget();
    let heard = 0;
    teardown.add(() => order.push('first'));
    teardown.add({ disconnect: () => order.push('observer') });
    teardown.listen(target, 'ping', () => heard++);
    target.dispatchEvent(new Event('ping'));
    teardown.run();
    teardown.run();
    target.dispatchEvent(new Event('ping'));
    assert.deepEqual(order, ['observer', 'first']);
    assert.equal(heard, 1);
    assert.equal(teardown.done, true);
  });
  it('undoes at once what is added after it ran (a mount that finished late)', () => {
    const teardown = createTeardown();
    teardown.run();
    let undone = false;
    teardown.add(() => {
      undone = true;
    });
    assert.equal(undone, true);
  });
  it('keeps going when one undo throws', (t) => {
    t.mock.method(console, 'error', () => {});
    const teardown = createTeardown();
    let second = false;
    teardown.add(() => {
      second = true;
    });
    teardown.add(() => {
      throw new Error('broken');
    });
    teardown.run();
    assert.equal(second, true);
  });
  it('registers parts built inside a mount scope with that widget', () => {
    const teardown = createTeardown();
    let disconnected = 0;
    withMountScope(teardown, () => onWidgetTeardown(() => disconnected++));
    onWidgetTeardown(() => disconnected++); // outside any widget: not registered
    teardown.run();
    assert.equal(disconnected, 1);
  });
});

describe('public events', () => {
  it('dispatches a bubbling, composed CustomEvent with the detail', () => {
    const host = new EventTarget();
    let received = null;
    host.addEventListener(CHANGE_EVENT, (event) => {
      received = event;
    });
    emitWidgetEvent(host, CHANGE_EVENT, { lse: 3.4 });
    assert.equal(received.type, 'mathlet-change');
    assert.deepEqual(received.detail, { lse: 3.4 });
    assert.equal(received.bubbles, true);
    assert.equal(received.composed, true);
  });

  it('names its three events with the prefix, never as the native change and error', () => {
    assert.deepEqual([READY_EVENT, CHANGE_EVENT, ERROR_EVENT], ['mathlet-ready', 'mathlet-change', 'mathlet-error']);
  });

  it("gives an error's message as plain text, whatever the status line was shown", () => {
    assert.equal(messageText('tau must be > 0'), 'tau must be > 0');
    assert.equal(messageText({ textContent: 'k: not a number' }), 'k: not a number');
    assert.equal(messageText(['"', { textContent: 'values' }, '" ignored']), '"values" ignored');
  });
});
