// One table of medians and ratios from one run, and the issue's targets checked against it.
// `native` maps a workload id to { default, sse42 } medians (ms) from bench/native/*_bench.cpp.
import { TARGETS } from './workloads.js';

const ms = (v) => (v == null ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const ratio = (a, b) => (a == null || b == null ? null : a / b);
const x = (v) => (v == null || !Number.isFinite(v) ? '–' : `${v >= 10 ? v.toFixed(0) : v.toFixed(2)}×`);

function timings(id, row, native) {
  return {
    id,
    default: native[id]?.default ?? null,
    sse42: native[id]?.sse42 ?? null,
    simd: row.simd,
    baseline: row.baseline,
    peers: row.peers,
    peer: (name) => row.peers[name] ?? null,
  };
}

/** The markdown table: medians in ms, then SIMD / native SSE4.2, baseline / SIMD, peer / SIMD. */
export function table(results, native, { engine }) {
  const lines = [
    `| workload | native default | native SSE4.2 | ${engine} wasm SIMD | ${engine} wasm baseline | JS peer | SIMD / native SSE4.2 | baseline / SIMD | peer / SIMD |`,
    '|---|--:|--:|--:|--:|---|--:|--:|--:|',
  ];
  for (const [id, row] of Object.entries(results)) {
    const t = timings(id, row, native);
    const peers = Object.entries(t.peers);
    const peerText = peers.length ? peers.map(([name, v]) => `${name} ${ms(v)}`).join('; ') : '–';
    const peerRatio = peers.length
      ? peers.map(([name, v]) => (t.simd == null ? '–' : `${x(v / t.simd)}${peers.length > 1 ? ` (${name})` : ''}`)).join('; ')
      : '–';
    lines.push(
      `| ${id} | ${ms(t.default)} | ${ms(t.sse42)} | ${ms(t.simd)} | ${ms(t.baseline)} | ${peerText} | ` +
        `${x(ratio(t.simd, t.sse42))} | ${x(ratio(t.baseline, t.simd))} | ${peerRatio} |`,
    );
  }
  return lines.join('\n');
}

/** Each target with its figure and met / missed (or n/a when a timing is missing, e.g. no native build). */
export function targets(results, native) {
  const rows = Object.entries(results).map(([id, row]) => timings(id, row, native));
  const out = [];
  for (const target of TARGETS) {
    const matching = rows.filter((t) => (target.row === '*' ? t.simd != null : t.id.split('/')[0] === target.row));
    for (const t of matching) {
      const v = target.value(t);
      const ok = v == null || !Number.isFinite(v) ? null : target.atLeast != null ? v >= target.atLeast : v <= target.atMost;
      const label = target.row === '*' ? `${target.text}: ${t.id}` : target.text;
      const verdict = ok == null ? 'n/a' : ok ? 'met' : 'MISSED';
      if (target.row === '*' && ok) continue; // list only the rows that miss the every-row target
      out.push(`- ${verdict}: ${label} (${x(v)})`);
    }
    if (target.row === '*' && !out.some((l) => l.includes(target.text))) out.push(`- met: ${target.text}`);
  }
  return out.join('\n');
}
