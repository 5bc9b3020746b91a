// The articles of the series, in reading order: their folders under demos/ and their URL paths. The
// navigation (site-nav.js) and the build (vite.config.js) both take them from here.
export const ARTICLES = [
  'logsumexp',
  'smooth-topk',
  'gradient-clipping',
  'pseudo-inverse',
  'cr-approximation',
  'cur-decomposition',
  'performer',
  'nystromformer',
  'entropy-invariant-attention',
  'cur-retrieval',
];
