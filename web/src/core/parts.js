// The parts the wasm core ships as, each an ES module of its own per build (cpp/cmake/wasm-module.cmake):
// load() fetches the ones a page asks for; the inline entries embed every one of them.
export const PART_NAMES = Object.freeze(['vector', 'matrix', 'attention', 'retrieval', 'entropy']);
