// The benchmark inputs, generated exactly as bench/native/bench_inputs.hpp generates them: the LCG
// s <- (1103515245 s + 12345) mod 2^31, each value (s / 2^31 - 0.5) * 20 (uniform in [-10, 10)).
// Math.imul keeps the product exact modulo 2^32 (a float product would lose bits above 2^53), and
// 2^31 divides 2^32, so the low 31 bits equal the C++ value.
export function lcgVector(Ctor, n, seed) {
  const x = new Ctor(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    x[i] = (s / 2147483648 - 0.5) * 20;
  }
  return x;
}

/** A rows x cols matrix filled row by row, as { rows, cols, data } (the JS API's layout). */
export function lcgMatrix(rows, cols, seed) {
  return { rows, cols, data: lcgVector(Float64Array, rows * cols, seed) };
}

/** [B B]: the matrix beside itself, rank at most B's column count (bench_inputs.hpp builds the same). */
export function repeatedBlock({ rows, cols, data }) {
  const out = new Float64Array(rows * 2 * cols);
  for (let i = 0; i < rows; i++) {
    const row = data.subarray(i * cols, (i + 1) * cols);
    out.set(row, 2 * i * cols);
    out.set(row, (2 * i + 1) * cols);
  }
  return { rows, cols: 2 * cols, data: out };
}

/** The same matrix as number[][] (what ml-matrix and mathjs take). */
export function toRows({ rows, cols, data }) {
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
}
