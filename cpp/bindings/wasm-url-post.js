// Appended inside the generated module's factory (--post-js), where the glue has just decided which
// URL it fetches the .wasm from (its own folder, a bundler's renamed copy, or locateFile's answer):
// written onto the Module object the caller passed in, so that a failed load can name the URL that
// was really requested (web/src/core/load.js), not the one the caller guessed.
Module['wasmBinaryFile'] = wasmBinaryFile;
