// The hand-written declarations (web/types/index.d.ts, widgets.d.ts, react.d.ts) against tests/types/:
// `tsc --noEmit --strict` must accept every correct call and reject every `@ts-expect-error` line,
// once in the repository (the package imports itself by name) and once in a fresh project that
// installed the tarball (types found through the package's exports, as a user's editor finds them).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshProject, repo, run } from './packed-project.js';

const tsc = join(repo, 'node_modules/.bin/tsc');
const typeTest = join(repo, 'tests/types/api.test.ts');
const FLAGS = [
  '--noEmit',
  '--strict',
  '--target',
  'es2022',
  '--module',
  'nodenext',
  '--moduleResolution',
  'nodenext',
  '--lib',
  'es2022,dom',
  '--types',
  '',
  '--pretty',
  'false',
];

async function typecheck(cwd, file, extraFlags = []) {
  try {
    await run(tsc, [...FLAGS, ...extraFlags, file], { cwd });
    return '';
  } catch (e) {
    return e.message;
  }
}

describe('the TypeScript declarations', () => {
  let project;
  before(async () => {
    project = await freshProject('types');
    copyFileSync(typeTest, join(project.dir, 'api.test.ts'));
  });
  after(() => project?.remove());

  it('accept the API as documented and reject the wrong calls (in the repository)', async () => {
    assert.equal(await typecheck(repo, 'tests/types/api.test.ts'), '');
  });

  it('give React 19 JSX the elements with their attributes and reject wrong ones (mathlets/react, in the repository)', async () => {
    assert.equal(await typecheck(repo, 'tests/types/react.test.tsx', ['--jsx', 'react-jsx']), '');
  });

  it('accept and reject the same through the installed package', async () => {
    assert.equal(await typecheck(project.dir, 'api.test.ts'), '');
  });

  it('really reject: a wrong call without its @ts-expect-error fails the check', async () => {
    const source = readFileSync(join(project.dir, 'api.test.ts'), 'utf8');
    const without = source.replace('// @ts-expect-error variant must be', '// variant must be');
    assert.notEqual(without, source);
    writeFileSync(join(project.dir, 'unmarked.test.ts'), without);
    assert.match(await typecheck(project.dir, 'unmarked.test.ts'), /error TS2322: Type '"sse"' is not assignable/);
  });
});
