// Runs "Copy as NumPy" snippets with Debian's python3 and NumPy (scripts/setup.sh installs
// python3-numpy) and reads what they print, for tests/widgets/numpy-snippets.test.js.
// All snippets of a batch run in ONE python process, each in a fresh namespace: importing NumPy is
// most of the cost (0.1 to 0.2 s on a quiet machine, seconds on a loaded one), so it is paid once.
import { spawn } from 'node:child_process';

// Debian's python3 (a python3 earlier on PATH, say pyenv's, may lack NumPy); MATHLETS_PYTHON overrides.
const PYTHON = process.env.MATHLETS_PYTHON ?? '/usr/bin/python3';

// Reads a JSON list of snippets on stdin; prints "@@ i" before the output of snippet i, and
// "@@error i" with the traceback where one raises.
const RUNNER = `
import io, json, sys, traceback, contextlib
for i, code in enumerate(json.load(sys.stdin)):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"snippet-{i}.py", "exec"), {"__name__": "__main__"})
        sys.stdout.write(f"@@ {i}\\n" + out.getvalue())
    except Exception:
        sys.stdout.write(f"@@error {i}\\n" + out.getvalue() + traceback.format_exc())
`;

/** runSnippets(codes) -> Promise<string[]>: what each snippet printed; rejects where one raised. */
export function runSnippets(codes) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', RUNNER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${PYTHON} exited with ${code}: ${stderr}`));
      const outputs = [];
      for (const block of stdout.split(/^(?=@@)/m).filter(Boolean)) {
        const [head, ...rest] = block.split('\n');
        const [tag, index] = head.split(' ');
        if (tag === '@@error') return reject(new Error(`snippet ${index} raised:\n${rest.join('\n')}`));
        outputs[Number(index)] = rest.join('\n');
      }
      resolve(outputs);
    });
    child.stdin.end(JSON.stringify(codes));
  });
}

const PY_NUMBER = { inf: Infinity, '-inf': -Infinity, nan: NaN };

/** A snippet's output, "name v1 v2 ..." per line, as { name: number[] }. */
export function parseShown(text) {
  const shown = {};
  for (const line of text.split('\n').filter(Boolean)) {
    const [name, ...values] = line.trim().split(/\s+/);
    shown[name] = values.map((v) => PY_NUMBER[v] ?? Number(v));
  }
  return shown;
}

/**
 * Where `got` (the snippet's numbers) and `want` (the widget's) differ beyond the tolerance:
 * |got - want| <= rel * max(|got|, |want|, scale) + abs, entry by entry; equal infinities and two
 * NaNs agree. Returns a list of readable disagreements (empty when all agree).
 */
export function disagreements(got, want, { rel = 1e-9, abs = 0, scale = 0 } = {}) {
  const problems = [];
  const list = (v) => (typeof v === 'number' ? [v] : Array.from(v));
  for (const [name, value] of Object.entries(want)) {
    const tolerance = { rel, abs, scale, ...value.tolerance };
    const expected = list(value.value ?? value);
    const printed = got[name];
    if (!printed) {
      problems.push(`${name}: not printed`);
      continue;
    }
    if (printed.length !== expected.length) problems.push(`${name}: ${printed.length} numbers, the widget has ${expected.length}`);
    expected.forEach((w, i) => {
      const g = printed[i];
      if (Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)) || g === w) return;
      const bound = tolerance.rel * Math.max(Math.abs(g), Math.abs(w), tolerance.scale) + tolerance.abs;
      if (!(Math.abs(g - w) <= bound)) problems.push(`${name}[${i}]: snippet ${g}, widget ${w} (|diff| ${Math.abs(g - w)} > ${bound})`);
    });
  }
  return problems;
}
