// The packed package in a Next.js app (app router; tests/package/fixtures/next): a server component
// page with widget tags and a client component that imports 'mathlets' and 'mathlets/widgets' at
// its top. `next build` prerenders the page (the imports run in Node there), `next start` serves
// it: the server's HTML holds the tags, and in Chromium the shared app and every widget work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { openBrowser } from '../e2e/chromium-session.js';
import { assertApp, assertWasmFiles, firstLoadBytes, openApp } from './app-checks.js';
import { bundlerTools, freshApp, toolBin } from './bundler-tools.js';
import { run } from './packed-project.js';

const env = { NEXT_TELEMETRY_DISABLED: '1' };

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

// `next start` on a free port; resolves once it answers, with { origin, stop() }.
async function nextStart(dir) {
  const port = await freePort();
  const server = spawn(toolBin('next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((done) => server.once('exit', done));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    server.kill();
    await exited;
  };
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode}):\n${output}`);
    const answered = await fetch(`${origin}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return { origin, stop };
    await new Promise((resolve) => setTimeout(resolve, 200)); // polling the server's port until it answers
  }
  await stop();
  throw new Error(`next start did not answer within 60 s:\n${output}`);
}

describe('the package in a Next.js app (app router)', () => {
  let browser, dir;
  before(async () => {
    [browser] = await Promise.all([openBrowser(), bundlerTools()]);
    dir = freshApp('next');
    await run(toolBin('next'), ['build'], { cwd: dir, env, timeout: 600_000 });
  });
  after(() => browser?.close());

  it('renders the widget tags on the server, and everything works in the browser', async (t) => {
    const server = await nextStart(dir);
    try {
      const html = await (await fetch(`${server.origin}/`)).text();
      assert.match(html, /<mathlet-logsumexp values="1, 2, 3" tau="1"><\/mathlet-logsumexp>/);
      const app = await openApp(browser, `${server.origin}/`);
      await assertWasmFiles(assertApp(app, server.origin, { ownWorker: false }));
      const bytes = await firstLoadBytes(app.log);
      t.diagnostic(
        `next (plain entries): first load ${(bytes.js / 1024).toFixed(0)} KB JS + ${(bytes.wasm / 1024).toFixed(0)} KB wasm, gzip`,
      );
    } finally {
      await server.stop();
    }
  });
});
