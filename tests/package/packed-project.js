// Shared by the package tests: `npm pack` the repository once, and install the tarball into fresh
// projects under os.tmpdir() the way a user would (`npm install <tarball>`, dependencies from the npm
// cache, falling back to the registry).
//
// node --test runs each test file in its own process, so "once" means: the tarball is cached under
// os.tmpdir()/mathlets-package-tests/<fingerprint>/, where the fingerprint covers every file that
// goes into it (path, size, mtime of web/src, web/types, package.json, package-lock.json, README.md, custom-elements.json,
// vite.embed.config.js). A change to any of them packs again; `npm pack` runs the prepack script,
// which builds the wasm (incremental) and the embed bundle (dist-embed/).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = join(repo, 'tests/package/fixtures');
const cacheRoot = join(tmpdir(), 'mathlets-package-tests');

const execFileAsync = promisify(execFile);

/** Runs a command; resolves to { stdout, stderr }, rejects with both in the message. */
export async function run(command, args, { cwd = repo, env = {}, timeout = 240_000 } = {}) {
  try {
    return await execFileAsync(command, args, {
      cwd,
      timeout,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env },
    });
  } catch (e) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

function fingerprint() {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(join(repo, 'web/src')),
    ...filesUnder(join(repo, 'web/types')),
    ...['package.json', 'package-lock.json', 'README.md', 'custom-elements.json', 'vite.embed.config.js'].map((f) => join(repo, f)),
  ];
  for (const file of inputs.sort()) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(repo, file)} ${size} ${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

// A directory lock (mkdir is atomic), so test files run in parallel never pack at the same time
// (packing rebuilds dist-embed/ in the repository).
export async function withLock(fn) {
  mkdirSync(cacheRoot, { recursive: true });
  const lock = join(cacheRoot, 'pack.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock older than 10 minutes was left by a killed run. The holder may release it between
      // our mkdir and this stat: then there is nothing to age, and the next mkdir may win.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

let packed = null;

/** Path of the tarball `npm pack` makes from the repository (packed at most once per fingerprint). */
export function packedTarball() {
  packed ??= withLock(async () => {
    const key = fingerprint();
    const dir = join(cacheRoot, key);
    const existing = existsSync(dir) && readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (existing) return join(dir, existing);
    for (const old of readdirSync(cacheRoot)) {
      if (old !== 'pack.lock') rmSync(join(cacheRoot, old), { recursive: true, force: true });
    }
    const staging = mkdtempSync(join(cacheRoot, 'staging-'));
    await run('npm', ['pack', '--pack-destination', staging]);
    const tgz = readdirSync(staging).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack left no tarball in ${staging}`);
    renameSync(staging, dir);
    return join(dir, tgz);
  });
  return packed;
}

/** Paths inside the tarball (without the leading "package/"). */
export async function tarballFiles(tarball) {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((p) => p.replace(/^package\//, ''));
}

/**
 * A fresh project under os.tmpdir() with the tarball installed: package.json, the shared app
 * (tests/package/fixtures/shared) if asked for, the files of tests/package/fixtures/<fixture> if given, then `npm install <tarball>` from the npm cache
 * (the registry only if the cache lacks something). Returns { dir, tarball, remove() }.
 */
export async function freshProject(kind, { fixture, shared = false } = {}) {
  const tarball = await packedTarball();
  const dir = mkdtempSync(join(tmpdir(), `mathlets-${kind}-`));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `mathlets-${kind}-test`, private: true, type: 'module' }, null, 2)}\n`,
  );
  if (shared) cpSync(join(fixtures, 'shared'), dir, { recursive: true });
  if (fixture) cpSync(join(fixtures, fixture), dir, { recursive: true });
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  try {
    await run('npm', ['install', tarball, '--offline', ...quiet], { cwd: dir });
  } catch {
    await run('npm', ['install', tarball, '--prefer-offline', ...quiet], { cwd: dir });
  }
  return { dir, tarball, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
