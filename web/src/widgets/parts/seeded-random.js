// A small seeded random generator for building example matrices in the widgets (the same seed
// always gives the same matrix). The sampling the articles study runs in the wasm core, with its
// own SplitMix64 stream; this one only makes demo data.

/** createSeededRandom(seed) -> { uniform(), normal() } (mulberry32 with a Box-Muller normal). */
export function createSeededRandom(seed) {
  let state = (Number(seed) >>> 0) ^ 0x9e3779b9;
  function uniform() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  function normal() {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  }
  return { uniform, normal };
}
