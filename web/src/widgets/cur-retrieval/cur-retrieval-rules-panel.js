// X6 "where to put the anchors" (cur-retrieval.md R10, T-R9): every anchor rule at the k_i on
// screen, its recall@k at the k_r on screen and the relative Frobenius error of the test queries'
// scores. Each rule is one full evaluation in the worker (its own R and truth, so the matrix error
// is measured), rule by rule; a newer state stops the run between rules. A rule with lower matrix
// error than uniform anchors but lower recall is flagged: matrix error is a poor proxy for recall.
import { el, sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { METHODS } from './cur-retrieval-attributes.js';
import { evaluationOptions } from './cur-retrieval-background.js';
import { krGrid, recallFromPositions } from './cur-retrieval-compute.js';
import { truthKey } from './cur-retrieval-state.js';

/** The rules that can run at this state (DEIM needs k_i <= k_q). */
export const rulesFor = (state) => METHODS.filter((m) => m !== 'deim' || state.ki <= state.kq);

/** The rows flagged: lower matrix error than uniform, lower recall. */
export function flagged(rows, kr) {
  const uniform = rows.find((row) => row.method === 'uniform');
  if (!uniform) return new Set();
  const recall = (row) => recallFromPositions(row.positions, kr);
  return new Set(
    rows.filter((row) => row.method !== 'uniform' && row.error < uniform.error && recall(row) < recall(uniform)).map((row) => row.method),
  );
}

function rulesRun(background) {
  return async ({ state, onRow }, { stale }) => {
    const { api } = await background;
    for (const method of rulesFor(state)) {
      if (stale()) return 'abandoned';
      const e = await api.evaluateCurRetrieval({
        ...evaluationOptions({ ...state, anchors: method }, state.ki, krGrid(state.k, state.items, state.k)),
      });
      onRow({ method, error: e.frobRelErr, positions: e.perQueryPositions.data });
    }
    return 'done';
  };
}

/** createRulesPanel(widget) -> { element, draw() } */
export function createRulesPanel(widget) {
  const { language, host } = widget;
  const { t } = language;
  const body = el('tbody', {});
  const computing = el('p', { class: 'computing', role: 'status' }, language.text('rules.computing'));
  const element = el(
    'div',
    { class: 'rules-panel' },
    el('p', { class: 'hint' }, language.text('rules.hint')),
    computing,
    el(
      'table',
      { class: 'rules' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, language.text('rules.rule')),
          el('th', {}, language.text('rules.recall')),
          el('th', {}, language.text('rules.error')),
          el('th', {}, ''),
        ),
      ),
      body,
    ),
  );
  let asked = null;
  let rows = [];
  // pending | done | failed: published on the host by draw(), with the rows it shows, so that a
  // reader of data-rules (a test, a page script) never sees 'done' before the last row is drawn.
  let status = null;
  const job = widget.background({
    run: rulesRun(widget.resources.background),
    onAnswer: (outcome, input) => {
      if (outcome === 'abandoned' || input.key !== asked) return;
      status = 'done';
      widget.render('rules');
    },
    onError: (error, input) => {
      if (input.key !== asked) return;
      status = 'failed';
      computing.textContent = error instanceof Error ? error.message : String(error);
      widget.render('rules');
    },
  });

  function draw() {
    const state = widget.state;
    const key = `${truthKey(state)}|${state.ki}|${state.rtol}`;
    if (key !== asked) {
      asked = key;
      rows = [];
      status = 'pending';
      computing.textContent = language.text('rules.computing');
      job.request({
        key,
        state,
        onRow: (row) => {
          if (key !== asked) return;
          rows.push(row);
          widget.render('rules');
        },
      });
    }
    computing.hidden = status !== 'pending' && status !== 'failed';
    const flags = flagged(rows, state.kr);
    body.replaceChildren(
      ...rows.map((row) =>
        el(
          'tr',
          { 'data-method': row.method, class: flags.has(row.method) ? 'flagged' : '' },
          el('td', {}, t(`method.${row.method}`)),
          el('td', {}, sym(formatNumber(recallFromPositions(row.positions, state.kr), 4))),
          el('td', {}, sym(formatNumber(row.error, 3))),
          el(
            'td',
            {},
            flags.has(row.method)
              ? el('span', { class: 'flag', role: 'img', 'aria-label': t('rules.flag'), title: t('rules.flag') }, '⚑')
              : '',
          ),
        ),
      ),
    );
    host.dataset.rules = status;
  }

  return { element, draw };
}
