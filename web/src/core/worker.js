// Module worker that owns one wasm instance and runs API calls sent by worker-client.js, so long
// computations never block the page. Results are structured-cloned back; function-valued members
// (such as smoothTopK's vjp) stay behind, and typed arrays are transferred rather than copied.
import { load } from './load.js';

let api;

function transferables(value, out = new Set()) {
  if (ArrayBuffer.isView(value)) out.add(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, out);
  return out;
}

// A copy without function members, which structured clone cannot carry.
function cloneable(value) {
  if (typeof value === 'function') return undefined;
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(cloneable);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => typeof v !== 'function')
      .map(([k, v]) => [k, cloneable(v)]),
  );
}

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    try {
      api = await load(data.options);
      const names = Object.keys(api).filter((k) => typeof api[k] === 'function');
      self.postMessage({ type: 'ready', variant: api.variant, names });
    } catch (e) {
      self.postMessage({ type: 'failed', error: { name: e.name, message: e.message } });
    }
    return;
  }
  const { id, name, args } = data;
  try {
    const result = cloneable(api[name](...args));
    self.postMessage({ type: 'result', id, result }, [...transferables(result)]);
  } catch (e) {
    self.postMessage({ type: 'result', id, error: { name: e.name, message: e.message } });
  }
};
