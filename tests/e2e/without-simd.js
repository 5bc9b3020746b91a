// Makes a page behave like an engine without WebAssembly SIMD for the loader's probe: validating
// a module that uses v128 fails, so load() picks the baseline build. (Chromium's V8 no longer has a
// flag to switch SIMD off; the tests then also check that no SIMD .wasm was ever fetched.)
export async function withoutSimd(page) {
  await page.addInitScript(() => {
    const validate = WebAssembly.validate;
    // The probe is a tiny module whose body holds the v128 type byte 0x7b.
    WebAssembly.validate = (bytes) => (new Uint8Array(bytes).includes(0x7b) && bytes.byteLength < 64 ? false : validate(bytes));
  });
}
