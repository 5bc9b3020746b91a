// Small dense products for what the widgets' panels compute from the core's answers (P̂ V at a few
// dozen tokens, F M B at a few landmarks): row-major { rows, cols, data } in and out.

/** A B; the zeros of A (a masked matrix's upper triangle) are skipped. */
export function matrixProduct(A, B) {
  const out = new Float64Array(A.rows * B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let p = 0; p < A.cols; p++) {
      const a = A.data[i * A.cols + p];
      if (a === 0) continue;
      for (let j = 0; j < B.cols; j++) out[i * B.cols + j] += a * B.data[p * B.cols + j];
    }
  }
  return { rows: A.rows, cols: B.cols, data: out };
}
