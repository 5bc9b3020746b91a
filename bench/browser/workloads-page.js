// The browser side of bench/browser.bench.js: the same workloads as Node, in this page's engine.
// The result lands in window.benchResult (and in the page), or window.benchError.
import { load } from '../../web/src/core/index.js';
import { runWorkloads } from '../run-workloads.js';

const query = new URLSearchParams(location.search);
const tiny = query.has('tiny');
const only = query.get('only') ?? '';
const out = document.getElementById('out');
// Yield to the event loop between measurements so the page stays responsive to the driver.
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

async function run() {
  const [simd, baseline] = await Promise.all([load({ variant: 'simd' }), load({ variant: 'baseline' })]);
  const lines = [];
  const results = await runWorkloads(
    { simd, baseline },
    {
      tiny,
      only,
      pause,
      log: (line) => {
        lines.push(line);
        out.textContent = lines.join('\n');
      },
    },
  );
  return { userAgent: navigator.userAgent, crossOriginIsolated, variants: [simd.variant, baseline.variant], results };
}

run().then(
  (r) => {
    window.benchResult = r;
  },
  (e) => {
    window.benchError = String(e?.stack ?? e);
    out.textContent = window.benchError;
  },
);
