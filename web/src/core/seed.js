// Seeds for the SplitMix64 generator: a non-negative integer Number (up to 2^53 - 1) or a BigInt below
// 2^64, handed to the core as two 32-bit halves so native and wasm draw the same samples.
import { describe } from './arguments.js';

export function seedHalves(fn, seed) {
  if (seed === undefined) seed = 0;
  let big;
  if (typeof seed === 'bigint') big = seed;
  else if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) big = BigInt(seed);
  else throw new TypeError(`${fn}: seed must be a non-negative integer or BigInt (got ${describe(seed)})`);
  if (big < 0n || big >= 2n ** 64n) throw new RangeError(`${fn}: seed must be below 2^64 (got ${big})`);
  return [Number(big >> 32n), Number(big & 0xffffffffn)];
}
