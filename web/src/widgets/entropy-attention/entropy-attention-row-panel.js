// The "one row" panel of <mathlet-entropy-attention> (E1, R1 and R3), opened on demand: the reader
// types a row of logits z and picks a scale λ; the panel shows the row's entropy from the gaps to its
// maximum (two non-negative parts, log S and Σ aδ), its perplexity e^H and largest weight, dH/dλ, and
// the two naive forms, which break when every logit is shifted by 10⁸ (T-E1); the inset draws H(λ)
// with the scale on screen ringed. Its state is its own (not in the permalink). Loaded when the reader
// opens the panel (parts/lazy-disclosure.js); drawn on the widget's render path.
import { el, sym } from '../parts/create-element.js';
import { createLogLinePlot } from '../parts/log-line-plot.js';
import { createLogSlider } from '../parts/log-slider.js';
import { memoized } from '../parts/memoized-draw.js';
import { formatNumber } from '../parts/number-text.js';
import { DEFAULT_LOGITS, SCALE_RANGE, SHIFT, entropyAgainstScale, naiveFails, parseLogits } from './entropy-attention-row.js';

const v = (name) => el('var', { translate: 'no' }, name);
const READOUTS = ['H', 'perplexity', 'maxWeight', 'logS', 'gapMean', 'slope', 'naiveLse', 'naivePLogP'];
const SLOTS = { H: { H: v('H') }, logS: { S: v('S') }, slope: { lambda: v('λ') } };
const shown = (x, digits = 6) => (Number.isFinite(x) ? formatNumber(x, digits) : String(x));

// The row's inputs: the logits (a text field, named inline when bad), the scale and the shift.
// onChange(input) receives { logits, scale, shift } after every valid change.
function createInputs(language, onChange) {
  const { t } = language;
  const input = { logits: DEFAULT_LOGITS, scale: 1, shift: false };
  const set = (change) => {
    Object.assign(input, change);
    onChange(input);
  };
  const field = el('input', { type: 'text', id: 'row-z', value: DEFAULT_LOGITS.join(', '), autocomplete: 'off', spellcheck: 'false' });
  field.setAttribute('translate', 'no');
  field.setAttribute('aria-describedby', 'row-z-error');
  const error = el('span', { class: 'field-error', id: 'row-z-error', role: 'alert', hidden: true });
  field.addEventListener('input', () => {
    const read = parseLogits(field.value);
    error.hidden = !read.problem;
    error.textContent = read.problem ? t('field.problem', { name: 'z', reason: read.problem(t) }) : '';
    field.setAttribute('aria-invalid', read.problem ? 'true' : 'false');
    if (!read.problem) set({ logits: read.values });
  });
  const slider = createLogSlider({
    id: 'row-scale',
    name: 'λ',
    label: language.rich('row.scale', { lambda: v('λ') }),
    min: SCALE_RANGE[0],
    max: SCALE_RANGE[1],
    value: input.scale,
    ticks: [0.01, 0.1, 1, 10, 100],
    onChange: (scale) => set({ scale }),
    language,
  });
  const toggle = el('input', { type: 'checkbox', id: 'row-shift' });
  toggle.addEventListener('change', () => set({ shift: toggle.checked }));
  const elements = [
    el('div', { class: 'control' }, el('label', { for: 'row-z' }, language.rich('row.z', { z: v('z') })), field, error),
    slider.element,
    // The label holds the box: on a touch screen the whole line is the 44 px target.
    el('label', { class: 'control inline', for: 'row-shift' }, toggle, language.rich('row.shift', { shift: sym('10⁸') })),
  ];
  return { input, elements };
}

/** createRowPanel(widget) -> { element, draw() } */
export function createRowPanel(widget) {
  const { language, resources, host } = widget;
  const { t } = language;
  let version = 0;
  const { input, elements } = createInputs(language, () => {
    version++;
    widget.render('row');
  });
  const chips = Object.fromEntries(READOUTS.map((key) => [key, sym('')]));
  const broken = el('p', { class: 'warning', hidden: true }, language.text('row.broken'));
  const inset = createLogLinePlot({ height: 200, language, marginLeft: 44 });
  const drawInset = memoized((view) => inset.draw(view));
  const element = el(
    'div',
    { class: 'row-panel' },
    el('p', { class: 'hint' }, language.text('row.hint')),
    ...elements,
    el(
      'div',
      { class: 'chips' },
      ...READOUTS.map((key) => el('span', { class: 'chip' }, language.rich(`row.${key}`, { ...SLOTS[key], value: chips[key] }))),
    ),
    broken,
    inset.element,
  );

  function draw() {
    const { scale } = input;
    const z = input.shift ? input.logits.map((x) => x + SHIFT) : input.logits;
    const row = resources.core.rowEntropy(z, { scale });
    const values = { ...row, H: row.entropy };
    for (const key of READOUTS) chips[key].textContent = shown(values[key]);
    const fails = naiveFails(row.naiveLse, row.entropy) || naiveFails(row.naivePLogP, row.entropy);
    broken.hidden = !fails;
    Object.assign(host.dataset, { rowH: String(row.entropy), rowNaiveFails: String(fails) });
    drawInset(`${version}|${language.lang}`, () => ({
      label: t('row.curve.label'),
      x: { type: 'log', domain: SCALE_RANGE, label: t('row.curve.x') },
      y: { type: 'linear', domain: [0, Math.log(z.length) * 1.08 + 0.05], label: t('row.curve.y') },
      series: [{ name: t('row.curve.name'), color: 'c1', points: entropyAgainstScale(resources.core.rowEntropy, z) }],
      dots: [{ x: scale, y: row.entropy, color: 'pick', ring: true }],
    }));
  }
  return { element, draw };
}
