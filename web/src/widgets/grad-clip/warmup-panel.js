// The panel comparing warmup with learning-rate clipping (R4): its two controls (warmup length,
// cap T), a summary of the three runs and their traces. The widget owns the state and the worker
// job; this builds the panel and draws a result. R4 promises that a clipped step never predicts a
// decrease above eta T: the summary prints the largest one beside the cap.
// The panel is a disclosure, closed at first: open, it adds about 540 px, more than the room the
// page reserves for the widget before it loads (see index.js), and pages would jump.
import { el, sym } from '../parts/create-element.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { createLogSlider } from '../parts/log-slider.js';
import { formatNumber } from '../parts/number-text.js';
import { CAP_MAX, CAP_MIN, STEPS } from './training-setup.js';
import { createWarmupTraces } from './warmup-traces.js';

const v = (name) => el('var', { translate: 'no' }, name);
const formula = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * createWarmupPanel({ language, state, onChange(change), onOpen(), busyMark }) -> { element, open, draw(runs, input) }
 * state: the widget's initial { warmup, lrCap }; onChange({ warmup } | { lrCap }) asks the widget to
 * commit; onOpen() runs when the reader opens the panel.
 */
export function createWarmupPanel({ language, state, onChange, onOpen, busyMark }) {
  const stepsSlider = createIntegerSlider({
    id: 'warmup',
    name: 'W',
    min: 0,
    max: STEPS,
    value: state.warmup,
    language,
    label: language.rich('warmup.stepsLabel', { W: v('W') }),
    onChange: (warmup) => onChange({ warmup }),
  });
  const capSlider = createLogSlider({
    id: 'cap',
    name: 'T',
    min: CAP_MIN,
    max: CAP_MAX,
    value: state.lrCap,
    ticks: [CAP_MIN, 1, CAP_MAX],
    language,
    label: language.rich('warmup.capLabel', { T: v('T') }),
    onChange: (lrCap) => onChange({ lrCap }),
  });
  const out = { constant: sym(''), warmup: sym(''), clipped: sym(''), fraction: sym(''), largest: sym(''), cap: sym('') };
  const summary = language.rich('summary.warmup', { ...out, etaT: formula('η', v('T')) }, 'p');
  summary.className = 'summary';
  const hint = language.rich(
    'warmup.hint',
    {
      eta: v('η'),
      c: v('c'),
      W: v('W'),
      etaT: formula('η', v('T')),
      c2: v('c'),
    },
    'p',
  );
  hint.className = 'hint';
  const traces = createWarmupTraces({ language });
  const legendItem = (swatch, label) => el('li', {}, el('span', { class: `swatch ${swatch}` }), label);

  const element = el(
    'details',
    { class: 'panel wide warmup', 'aria-labelledby': 'warmup-heading', 'aria-busy': 'false' },
    el('summary', {}, el('h3', { id: 'warmup-heading' }, language.rich('warmup.heading'), busyMark())),
    hint,
    el('div', { class: 'pair controls' }, stepsSlider.element, capSlider.element),
    summary,
    traces.element,
    el(
      'ul',
      { class: 'legend' },
      legendItem('constant', language.rich('legend.constant', { eta: v('η') })),
      legendItem('value', language.rich('legend.warmup')),
      legendItem('norm', language.rich('legend.clipped', { eta: v('η'), T: v('T') })),
    ),
  );

  // runs: runWarmupComparison(...) output; input: the state it was computed for.
  function draw(runs, input) {
    const late = (run) => formatNumber(mean(Array.from(runs[run].loss).slice(-50)), 3);
    out.constant.textContent = late('constant');
    out.warmup.textContent = late('warmup');
    out.clipped.textContent = late('clipped');
    const cut = Array.from(runs.clipped.lrClipped).filter((c) => c === 1).length;
    out.fraction.textContent = `${formatNumber((100 * cut) / runs.clipped.lrClipped.length, 1)}%`;
    // first_order is -eta_t u.g: the largest predicted decrease is its most negative entry.
    out.largest.textContent = formatNumber(Math.max(0, ...Array.from(runs.clipped.firstOrder, (f) => -f)), 4);
    out.cap.textContent = formatNumber(input.lr * input.lrCap, 4);
    traces.draw({ runs, input });
  }

  element.addEventListener('toggle', () => element.open && onOpen());

  return {
    element,
    get open() {
      return element.open;
    },
    draw,
  };
}
