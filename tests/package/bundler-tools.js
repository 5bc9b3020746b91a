// The bundlers and frameworks the fixture apps are built with (tests/package/bundler-tools/
// package.json, pinned by its package-lock.json), installed into build/bundler-tools/ by `npm ci`
// from npm's cache (the registry only for what the cache lacks), with the packed tarball installed
// beside them. Fixture apps live in build/bundler-tools/apps/<name>/, where Node's resolution walks
// up to both: each app's node_modules stays empty, as the app sees the package as a user's would.
// Installed once per lockfile and tarball (a stamp file says which), under the pack lock, so test
// files running side by side never install at the same time.
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, packedTarball, repo, run, withLock } from './packed-project.js';

export const toolsDir = join(repo, 'build/bundler-tools');
const source = join(repo, 'tests/package/bundler-tools');
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

let installed = null;

/** Installs the tools and the tarball if needed; resolves to the tarball's path. */
export function bundlerTools() {
  installed ??= packedTarball().then((tarball) => withLock(() => install(tarball)));
  return installed;
}

async function install(tarball) {
  const lock = readFileSync(join(source, 'package-lock.json'));
  const stamp = createHash('sha256').update(lock).update(tarball).digest('hex');
  const stampFile = join(toolsDir, '.installed');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return tarball;
  mkdirSync(toolsDir, { recursive: true });
  rmSync(stampFile, { force: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(source, file), join(toolsDir, file));
  await run('npm', ['ci', '--prefer-offline', ...quiet], { cwd: toolsDir, timeout: 600_000 });
  await run('npm', ['install', '--no-save', '--prefer-offline', ...quiet, tarball], { cwd: toolsDir, timeout: 600_000 });
  writeFileSync(stampFile, stamp);
  return tarball;
}

/** The path of a tool's command (node_modules/.bin/<name>). */
export const toolBin = (name) => join(toolsDir, 'node_modules/.bin', name);

/**
 * A fresh app folder build/bundler-tools/apps/<name>/: a package.json, the shared app
 * (tests/package/fixtures/shared) and the fixture's own files (tests/package/fixtures/<name>, if any).
 */
export function freshApp(name) {
  const dir = join(toolsDir, 'apps', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `mathlets-${name}-app`, private: true, type: 'module' }, null, 2)}\n`);
  cpSync(join(fixtures, 'shared'), dir, { recursive: true });
  if (existsSync(join(fixtures, name))) cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}
