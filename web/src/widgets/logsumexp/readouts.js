// The numbers at the top of the widget: lse_tau(x) itself, the sandwich
// x_max < lse_tau(x) <= x_max + tau log n with the mean bound, and the facts behind the gap
// (ties, the tau log r floor, the entropy slope). Symbols and numbers are translate="no";
// the captions between them stay translatable and follow the widget's language.
import { el, sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';

const v = (name) => el('var', { translate: 'no' }, name);
const xMaxSymbol = () => el('span', { class: 'notranslate', translate: 'no' }, v('x'), el('sub', {}, 'max'));
const lseSymbol = () => el('span', { class: 'notranslate', translate: 'no' }, 'lse', el('sub', {}, v('τ')), '(', v('x'), ')');
const tauLog = (what) => el('span', { class: 'notranslate', translate: 'no' }, v('τ'), ' log ', v(what));

function chip(kind, symbol, valueNode) {
  return el('span', { class: `chip ${kind}` }, symbol, ' = ', valueNode);
}

// Shows "<", "≤" or "=" between two values: equality is displayed when the bound is tight.
function relation(node, lower, upper, strict) {
  const tight = Math.abs(upper - lower) <= 1e-12 * Math.max(1, Math.abs(upper));
  node.textContent = tight ? '=' : strict ? '<' : '≤';
}

export function createReadouts(language) {
  const lseValue = sym('', 'sym lse-value');
  const values = { lower: sym(''), lse: sym(''), upper: sym(''), mean: sym('') };
  const rel = { lower: el('span', { class: 'rel' }), upper: el('span', { class: 'rel' }), mean: el('span', { class: 'rel' }) };
  const facts = {
    gap: sym(''),
    bound: sym(''),
    ties: sym(''),
    floor: sym(''),
    slope: sym(''),
  };

  const factsLine = language.rich(
    'facts',
    {
      gap: facts.gap,
      bound: facts.bound,
      ties: facts.ties,
      floor: facts.floor,
      slope: facts.slope,
      tau: v('τ'),
      floorSymbol: el('span', { class: 'notranslate', translate: 'no' }, v('τ'), ' log ', v('r'), ' = '),
    },
    'p',
  );
  factsLine.className = 'facts';

  const element = el(
    'div',
    { class: 'readouts' },
    el(
      'div',
      { class: 'headline' },
      language.rich('heading', { tau: v('τ') }, 'h2'),
      el('span', { class: 'lse-line' }, el('span', { class: 'notranslate', translate: 'no' }, lseSymbol(), ' = '), lseValue),
    ),
    el(
      'p',
      { class: 'sandwich' },
      el('span', { class: 'tag' }, 'R1–R2'),
      chip('lower', xMaxSymbol(), values.lower),
      rel.lower,
      chip('lse', lseSymbol(), values.lse),
      rel.upper,
      chip('upper', el('span', {}, xMaxSymbol(), ' + ', tauLog('n')), values.upper),
    ),
    el(
      'p',
      { class: 'sandwich' },
      el('span', { class: 'tag' }, 'R3'),
      chip('mean', el('span', { class: 'notranslate', translate: 'no' }, v('x̄'), ' + ', tauLog('n')), values.mean),
      rel.mean,
      el('span', { class: 'chip lse' }, lseSymbol()),
    ),
    factsLine,
  );

  return {
    element,
    update(r) {
      const b = r.bounds;
      lseValue.textContent = formatNumber(r.lse, 6);
      values.lower.textContent = formatNumber(r.xMax, 4);
      values.lse.textContent = formatNumber(r.lse, 4);
      values.upper.textContent = formatNumber(b.maxUpper.value, 4);
      values.mean.textContent = formatNumber(b.meanLower.value, 4);
      relation(rel.lower, r.xMax, r.lse, true);
      relation(rel.upper, r.lse, b.maxUpper.value, false);
      relation(rel.mean, b.meanLower.value, r.lse, false);
      facts.gap.textContent = formatNumber(r.lse - r.xMax, 4);
      facts.bound.textContent = `τ log n = ${formatNumber(b.maxUpper.value - r.xMax, 4)}`;
      facts.ties.textContent = `r = ${r.ties}`;
      facts.floor.textContent = formatNumber(b.tiesLower.value - r.xMax, 4);
      facts.slope.textContent = formatNumber(r.entropy, 4);
    },
  };
}
