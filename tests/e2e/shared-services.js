// Runs a command (the browser test level) with one Chromium and one server of the built site that
// all its test files share, instead of one of each per file:
//   node tests/e2e/shared-services.js node --test tests/e2e/
// The files find them through MATHLETS_BROWSER_WS (chromium-session.js connects to it) and
// MATHLETS_SITE_URL (site-server.js's startSite returns it). Each file still opens its own browser
// contexts, so one file's pages never see another's. A launch of Chromium and its first drawn page
// cost about 8 s of CPU here, paid once per level instead of once per file.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { LAUNCH } from './chromium-session.js';
import { startSite } from './site-server.js';

const [command, ...args] = process.argv.slice(2);
const server = await chromium.launchServer(LAUNCH);
const site = await startSite();
const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, MATHLETS_BROWSER_WS: server.wsEndpoint(), MATHLETS_SITE_URL: site.url },
});
// The level's watchdog (scripts/test.sh) stops this process: stop the tests with it.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
const status = await new Promise((done) => {
  child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
});
await site.close();
await server.close();
process.exit(status);
