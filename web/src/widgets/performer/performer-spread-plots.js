// Four histograms of K̂/SM for the studied pair (performer-spread.js), trig above the widget's other
// kind, i.i.d. features left of orthogonal ones. Each row (kind) shares one x range, so i.i.d. and
// orthogonal compare at a glance; the two kinds differ by orders of magnitude (R6), which the axes
// say. A line at 1 (the truth: the estimators are unbiased, R5), the closed-form ±1 sd band (R5,
// R8), the negative estimates in red (trig's failure, R6). Under each title: the sd measured over
// the draws beside the closed form, and the negative fraction.
import { mapTemplate } from '../framework/template-slots.js';
import { el, sym } from '../parts/create-element.js';
import { createHistogramPlot } from '../parts/histogram-plot.js';
import { formatNumber } from '../parts/number-text.js';
import { histogram, sharedDomain } from './performer-spread.js';

const percent = (x) => `${formatNumber(100 * x, x > 0 && x < 0.001 ? 3 : 1)}%`;

/** The numbers of one panel's caption: measured and closed-form sd, negative fraction, count outside. */
export function spreadNumbers(stats, { below, above }) {
  return {
    sd: formatNumber(Math.sqrt(stats.mcVar) / stats.sm, 3),
    closed: stats.cfAvailable ? formatNumber(Math.sqrt(stats.cfRelvar), 3) : '—',
    negative: percent(stats.mcNegFraction),
    outside: String(below + above),
  };
}

// The caption as nodes: words from the catalog, numbers untranslatable.
function captionNodes(t, numbers) {
  const template = t(numbers.outside === '0' ? 'spread.caption' : 'spread.captionOutside');
  return mapTemplate(template, (slot) => (slot in numbers ? sym(numbers[slot]) : undefined));
}

/** createSpreadPlots(language) -> { element, draw(panels | null) } with panels from spreadRun. */
export function createSpreadPlots(language) {
  const { t } = language;
  const cells = Array.from({ length: 4 }, () => {
    const title = el('p', { class: 'spread-title' });
    const caption = el('p', { class: 'spread-caption' });
    const plot = createHistogramPlot({ height: 140, language });
    return { title, caption, plot, element: el('div', { class: 'spread-cell' }, title, caption, plot.element) };
  });
  let last = null;
  function draw(panels) {
    last = panels;
    if (!panels) return;
    panels.forEach(({ kind, orthogonal, stats }, k) => {
      const cell = cells[k];
      const domain = sharedDomain(panels.filter((p) => p.kind === kind));
      const bins = histogram(stats.relative, domain);
      const sd = Math.sqrt(stats.cfRelvar);
      const name = t('spread.panel', { kind: t(`kind.${kind}`), draw: t(orthogonal ? 'spread.orthogonal' : 'spread.iid') });
      cell.title.textContent = name;
      cell.caption.replaceChildren(...captionNodes(t, spreadNumbers(stats, bins)));
      const [lo, hi] = [bins.rows[0].x1, bins.rows.at(-1).x2];
      cell.plot.draw({
        label: t('spread.label', { name, trials: stats.relative.length }),
        bins: bins.rows,
        x: { domain: [lo, hi], label: t('spread.x') },
        band: stats.cfAvailable && Number.isFinite(sd) ? { x1: Math.max(1 - sd, lo), x2: Math.min(1 + sd, hi) } : null,
        rules: [{ x: 0, color: 'muted' }, { x: 1 }],
      });
    });
  }
  language.onChange(() => draw(last));
  return { element: el('div', { class: 'spread-grid' }, ...cells.map((c) => c.element)), draw };
}
