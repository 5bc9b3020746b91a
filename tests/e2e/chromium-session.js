// Debian's Chromium driven by playwright-core on a fresh profile (TOOLCHAIN 1.7), with every
// request, console error and page error recorded so each test can assert on them.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { noteStalledPages, trackPage } from './stalled-pages.js';

export const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), '../../test-results');

export async function openBrowser({ colorScheme = 'light' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'mathlets-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1000, height: 800 },
    colorScheme,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    context,
    async close() {
      await noteStalledPages(context.pages());
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page whose requests (URLs), console errors and uncaught errors are collected. */
export async function recordedPage(context) {
  const page = await context.newPage();
  trackPage(page);
  const log = { requests: [], errors: [], failed: [] };
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('requestfailed', (request) => log.failed.push(`${request.url()} (${request.failure()?.errorText})`));
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => log.errors.push(`page: ${error.message}`));
  return { page, log };
}

/** Requests whose origin is not `origin` (data: and blob: URLs are local and allowed). */
export function externalRequests(log, origin) {
  return log.requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
}

export const isWasm = (url) => new URL(url).pathname.endsWith('.wasm');
