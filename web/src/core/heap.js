// Moving arrays across the wasm boundary: one bulk copy in, one bulk copy out, and every
// allocation freed when the call ends, whether it returned or threw.

const VIEWS = new Map([
  [Float64Array, 'HEAPF64'],
  [Float32Array, 'HEAPF32'],
  [Uint32Array, 'HEAPU32'],
  [Int32Array, 'HEAP32'],
]);

function heapFor(M, Ctor) {
  // Read the view afresh each time: memory growth replaces the underlying ArrayBuffer.
  return M[VIEWS.get(Ctor)];
}

// Runs body(scratch) where scratch.put(typed) copies an array into the heap and returns its address,
// scratch.alloc(n, Ctor) reserves room for a result, and scratch.take(ptr, n, Ctor) copies one out.
export function withScratch(M, body) {
  const owned = [];
  const allocate = (bytes) => {
    const ptr = M._malloc(Math.max(bytes, 8));
    if (!ptr) throw new RangeError('out of memory: the input is too large for this page');
    owned.push(ptr);
    return ptr;
  };
  const scratch = {
    put(typed) {
      const ptr = allocate(typed.byteLength);
      heapFor(M, typed.constructor).set(typed, ptr / typed.BYTES_PER_ELEMENT);
      return ptr;
    },
    alloc: (n, Ctor) => allocate(n * Ctor.BYTES_PER_ELEMENT),
    take(ptr, n, Ctor) {
      const start = ptr / Ctor.BYTES_PER_ELEMENT;
      return heapFor(M, Ctor).slice(start, start + n);
    },
  };
  try {
    return body(scratch);
  } finally {
    for (const ptr of owned) M._free(ptr);
  }
}

// The (pointer, rows, cols) arguments of each { rows, cols, data } matrix, copied into the heap.
export const matrixArgs = (scratch, matrices) => matrices.flatMap((a) => [scratch.put(a.data), a.rows, a.cols]);

/** binding(...each matrix as (pointer, rows, cols), ...rest), its result unwrapped, the heap freed. */
export const callWithMatrices = (M, fn, matrices, binding, ...rest) =>
  withScratch(M, (s) => unwrap(fn, binding(...matrixArgs(s, matrices), ...rest)));

// The bindings never throw; they return {error, name} instead. Rethrow it as a real JS error whose
// message starts with the public function's name instead of the C++ routine's.
export function unwrap(fn, result) {
  if (result !== null && typeof result === 'object' && typeof result.error === 'string') {
    const [, rest] = result.error.match(/^(?:[a-z0-9_]+: )?(.*)$/s);
    const message = `${fn}: ${rest}`;
    throw result.name === 'RangeError' ? new RangeError(message) : new Error(message);
  }
  return result;
}
