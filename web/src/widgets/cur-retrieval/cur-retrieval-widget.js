// <mathlet-cur-retrieval>: the implementation, loaded when the element nears the viewport.
// Retrieval with a cross-encoder that cannot be indexed (cur-retrieval.md, ANNCUR): score a few
// anchor items per query, complete the rest of the row with CUR (s-hat = c W⁺ R), re-rank the best
// k_r exactly. The reader picks the synthetic cross-encoder (head, gain β, rank r, noise σ, seed),
// the sizes (n_i items, k_q anchor queries, test queries) and the retrieval (k, k_i, k_r, anchor
// rule, rtol); the state lives in the URL too (a permalink), and the widget speaks English or
// Chinese (cur-retrieval-text.js), following the nearest lang attribute.
//
// What runs where:
//   main thread  the state's checks; recall at any k_r from the true items' positions; for the
//                query on screen its exact row (n_i scorer calls) and s-hat = c E (k_i n_i
//                multiply-adds), timed as 'mathlet-cur-retrieval main-thread core' (the framework
//                times the drawing as 'mathlet-cur-retrieval render').
//   worker       R (k_q n_i scores), the evaluation of every test query (the exact top-k, the
//                anchors, the index, the positions), the index E for the query picture, X2's
//                curves and the anchor-rule panel, through the framework's newest-wins scheduler.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { Refusal } from '../framework/refusal.js';
import { backgroundCore } from '../parts/background-core.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { permalinkStyles } from '../parts/permalink.js';
import { attributes, checkState, generatorKey, permalinkFields, readState, scorerOf } from './cur-retrieval-state.js';
import { curRetrievalStyles } from './cur-retrieval-styles.js';
import { curRetrievalText } from './cur-retrieval-text.js';
import { curRetrievalView } from './cur-retrieval-view.js';

// The exact scores of one test query against every item (n_i scorer calls), with the scorer and
// the item ids kept while the generator stays.
function createRows(core) {
  let kept = { key: null };
  return (state, q) => {
    const key = generatorKey(state);
    if (kept.key !== key) {
      kept = { key, scorer: core.syntheticScorer(scorerOf(state)), items: Uint32Array.from({ length: state.items }, (_, i) => i) };
    }
    return kept.scorer.block([q], kept.items).data;
  };
}

export const mount = createWidget({
  name: 'cur-retrieval',
  text: curRetrievalText,
  styles: [matrixWidgetStyles, permalinkStyles, curRetrievalStyles],
  load: async () => {
    const core = await load({ include: ['retrieval'] });
    // The worker starts now and is awaited by the first evaluation.
    // `live`: what the view has of the evaluation on screen, read by the events' detail.
    const live = { recall: null, callsPerQuery: null, kappa: null, rank: null, pending: true };
    return { core, live, row: createRows(core), background: backgroundCore(['retrieval']) };
  },
  attributes,
  readState,
  permalink: permalinkFields,
  evaluate: (state, resources) => {
    const problem = checkState(state);
    if (problem) throw new Refusal((language) => language.t('status.kept', { problem: problem(language.t) }));
    return { state, live: resources.live };
  },
  results: (state, { live }) => ({ ...permalinkFields(state), ...live }),
  messages: {
    ignored: (problems, { t }) => t('problems.ignored', { problems: problems.map((p) => p(t)).join(t('problems.separator')) }),
    rejected: (error, { t }) =>
      t('status.kept', { problem: t('core.rejected', { message: error instanceof Error ? error.message : String(error) }) }),
  },
  view: curRetrievalView,
});
