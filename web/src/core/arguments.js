// Argument checks shared by every public function. Messages start with the JS function name and
// name the argument: wrong types are TypeErrors, bad values and sizes RangeErrors.

// Longest vector accepted (2^25 entries: 256 MiB as float64). Larger inputs are refused rather than
// letting the page run out of memory.
export const MAX_VECTOR_LENGTH = 2 ** 25;

export function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

// A vector argument as a typed array: Float32Array stays float32, number[] and Float64Array are float64.
// `finite: true` also refuses NaN and ±Infinity.
export function vectorArg(fn, name, x, { finite = false, allowEmpty = false } = {}) {
  let data;
  if (x instanceof Float64Array || x instanceof Float32Array) {
    data = x;
  } else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (!(i in x)) throw new TypeError(`${fn}: ${name}[${i}] is missing (sparse array)`);
      if (typeof x[i] !== 'number') throw new TypeError(`${fn}: ${name}[${i}] is not a number (got ${describe(x[i])})`);
    }
    data = x;
  } else {
    throw new TypeError(`${fn}: ${name} must be a number[], Float64Array or Float32Array (got ${describe(x)})`);
  }
  if (data.length > MAX_VECTOR_LENGTH) {
    throw new RangeError(`${fn}: ${name} has ${data.length} entries; the limit is ${MAX_VECTOR_LENGTH}`);
  }
  if (!allowEmpty && data.length === 0) throw new RangeError(`${fn}: ${name} is empty`);
  if (finite) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) throw new RangeError(`${fn}: ${name}[${i}] is not finite (${data[i]})`);
    }
  }
  return Array.isArray(data) ? Float64Array.from(data) : data;
}

// A numeric option: undefined gives the default; anything but a number is a TypeError.
// Range checks are the core's (it names the argument too).
export function numberArg(fn, name, v, fallback) {
  if (v === undefined) return fallback;
  if (typeof v !== 'number') throw new TypeError(`${fn}: ${name} must be a number (got ${describe(v)})`);
  return v;
}

// The options bag: undefined or a plain object whose keys are all known (catches typos like {tua: 2}).
export function optionsArg(fn, options, known) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object (got ${describe(options)})`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`${fn}: unknown option "${key}" (expected one of ${known.join(', ')})`);
  }
  return options;
}

// One of a fixed list of names: undefined gives the default; an unknown string is a RangeError,
// anything else a TypeError, and either lists the names allowed.
export function choiceArg(fn, name, value, options, fallback) {
  if (value === undefined) return fallback;
  if (!options.includes(value)) {
    throw new (typeof value === 'string' ? RangeError : TypeError)(
      `${fn}: ${name} must be one of ${options.join(', ')} (got ${describe(value)})`,
    );
  }
  return value;
}

// The index of a choice in its list: how an option crosses into the core as a C++ enum.
export const choiceIndex = (fn, name, value, options, fallback) => options.indexOf(choiceArg(fn, name, value, options, fallback));

// A whole number (range checks are the caller's or the core's).
export function integerArg(fn, name, v, fallback) {
  const n = numberArg(fn, name, v, fallback);
  if (!Number.isInteger(n)) throw new RangeError(`${fn}: ${name} must be an integer (got ${n})`);
  return n;
}

export function booleanArg(fn, name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: ${name} must be true or false (got ${describe(value)})`);
  return value;
}

// A whole number in [lo, hi]: for counts that cross into the core as a C++ int, where a value past
// the int range would otherwise wrap around instead of being refused.
// fallback undefined: the argument is required.
export function boundedIntegerArg(fn, name, v, fallback, lo, hi) {
  const n = integerArg(fn, name, v === undefined && fallback === undefined ? requiredNumberArg(fn, name, v) : v, fallback);
  if (n < lo || n > hi) throw new RangeError(`${fn}: ${name} = ${n} must be in [${lo}, ${hi}]`);
  return n;
}

// A number the caller must pass: undefined is a TypeError, not a silent NaN.
export function requiredNumberArg(fn, name, v) {
  if (v === undefined) throw new TypeError(`${fn}: ${name} is missing (it must be a number)`);
  return numberArg(fn, name, v);
}

// A whole number that crosses into the core as a C++ int, whose range check (with the context it
// knows, such as n) is the core's: only values the int cannot hold are refused here.
export const int32Arg = (fn, name, v, fallback) => boundedIntegerArg(fn, name, v, fallback, -(2 ** 31), 2 ** 31 - 1);
