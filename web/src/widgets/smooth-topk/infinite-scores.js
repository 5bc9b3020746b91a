// The infinite scores appended after the bars ("Add +∞" / "Add −∞"), as a row of chips each with
// a remove button. They live outside the vector editor: a bar cannot be ∞ tall, and a typed field
// only takes finite numbers. Their labels continue the bars' numbering (x₅, x₆, ...).
import { el, sym } from '../parts/create-element.js';
import { subscript } from '../parts/number-text.js';

export const infiniteScoresStyles = `
.infinite { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.45rem; margin: 0.45rem 0 0; padding: 0; list-style: none; font-size: 0.88rem; }
.infinite .caption { color: var(--mlt-muted); }
.infinite .score { display: inline-flex; align-items: center; gap: 0.2rem; padding: 0.05rem 0.15rem 0.05rem 0.6rem; border-radius: 999px; border: 1px solid var(--mlt-border); background: var(--mlt-surface); }
.infinite .score button { border: 0; background: transparent; padding: 0 0.4rem; font-size: 1rem; line-height: 1.2; }
`;

const symbolOf = (v) => (v > 0 ? '+∞' : '−∞');

/** createInfiniteScores({ language, onRemove(index) }) -> { element, update(extras, offset) } */
export function createInfiniteScores({ language, onRemove }) {
  const element = el('ul', { class: 'infinite', hidden: true });
  const caption = el('li', { class: 'caption' }, language.text('infinite.heading'));
  let shown = { extras: [], offset: 0 };

  function update(extras, offset) {
    shown = { extras: [...extras], offset };
    element.hidden = extras.length === 0;
    element.replaceChildren(
      caption,
      ...extras.map((v, i) => {
        const name = `x${subscript(offset + i + 1)} = ${symbolOf(v)}`;
        const remove = el(
          'button',
          { type: 'button', onclick: () => onRemove(i), 'aria-label': language.t('infinite.remove', { name }) },
          '×',
        );
        return el('li', { class: 'score' }, sym(name), remove);
      }),
    );
  }
  language.onChange(() => update(shown.extras, shown.offset));
  return { element, update };
}
