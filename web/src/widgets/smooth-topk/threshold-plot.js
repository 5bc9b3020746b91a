// The chart of the threshold equation (threshold-equation.js): F(λ) = Σᵢ f((xᵢ − λ)/τ) falling from
// n to 0 as λ runs past the scores (marked on the λ axis), the line at k, and the solved λ where
// the two cross (a vertical rule and a dot at (λ, F(λ))). Where the method in focus has no
// threshold, the chart gives way to a sentence saying so. The line at k, the rule at λ and the
// crossing dot carry classes (k-line, lambda-rule, crossing) that the browser test measures.
import { dot, line, ruleX, ruleY, text } from '@observablehq/plot';
import { el } from '../parts/create-element.js';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';
import { say, sayNodes } from './message-nodes.js';
import { extraColors } from './topk-colors.js';

const kText = (k) => String(Number(k.toPrecision(6)));
const lambdaText = (lambda) => (lambda === Infinity ? '+∞' : lambda === -Infinity ? '−∞' : formatNumber(lambda, 4));

// The chart: F against λ, the scores on the axis, the line at k and the crossing.
function equationPlot(eq, height, theme, colors, language) {
  const finite = Number.isFinite(eq.lambda);
  const crossing = finite ? [{ lambda: eq.lambda, F: eq.F }] : [];
  return {
    height,
    marginLeft: 40,
    marginRight: 16,
    marginTop: 18,
    marginBottom: 38,
    x: { domain: eq.domain, label: language.t('equation.axisLambda'), labelAnchor: 'right', ticks: 6 },
    y: { domain: [0, Math.max(eq.n, eq.k) * 1.04], label: '↑ F(λ)', grid: true, ticks: Math.min(6, eq.n + 1) },
    marks: [
      ruleY([0], { stroke: theme.muted }),
      ruleY([eq.k], { stroke: colors.error, strokeDasharray: '5,3', className: 'k-line' }),
      text([eq.k], {
        y: (d) => d,
        text: () => `k = ${kText(eq.k)}`,
        frameAnchor: 'left',
        textAnchor: 'start',
        dx: 4,
        dy: -7,
        fill: colors.error,
        fontSize: 11,
      }),
      ruleX(eq.scores, { x: (d) => d, y1: 0, y2: eq.n * 0.07, stroke: theme.text, strokeWidth: 2 }),
      line(eq.points, { x: 'lambda', y: 'F', stroke: theme.accent, strokeWidth: 2.4 }),
      ruleX(crossing, { x: 'lambda', stroke: theme.muted, strokeDasharray: '3,3', className: 'lambda-rule' }),
      dot(crossing, { x: 'lambda', y: 'F', r: 5, fill: theme.accent, stroke: theme.panel, strokeWidth: 1.5, className: 'crossing' }),
      text(crossing, {
        x: 'lambda',
        y: 'F',
        text: (d) => `λ = ${lambdaText(d.lambda)}`,
        dx: 8,
        dy: -10,
        textAnchor: 'start',
        fill: theme.text,
        fontSize: 12,
        fontWeight: 600,
      }),
    ],
  };
}

// The text alternative: the domain, F at its ends, and where F crosses k.
function equationDescription(eq, language) {
  const first = eq.points[0];
  const last = eq.points.at(-1);
  const params = {
    lo: formatNumber(first.lambda, 4),
    hi: formatNumber(last.lambda, 4),
    Flo: formatNumber(first.F, 4),
    Fhi: formatNumber(last.F, 4),
    k: kText(eq.k),
    lambda: lambdaText(eq.lambda),
    F: eq.F === null ? '' : formatNumber(eq.F, 6),
  };
  return language.t(Number.isFinite(eq.lambda) ? 'equation.description' : 'equation.descriptionInfinite', params);
}

export function createThresholdPlot({ language, height = 240 }) {
  let last = null;
  const plotFrame = createPlotFrame({ redraw: () => last && draw(last) });
  const notice = el('p', { class: 'view-notice', hidden: true });
  const element = el('div', { class: 'equation' }, plotFrame.element, notice);

  /**
   * view: { equation (threshold-equation.js, or null), name: the focus's name (a message),
   *         notice: what to say instead of the chart where there is no equation (a message) }.
   */
  function draw(view) {
    last = view;
    const { equation: eq, name, notice: why } = view;
    element.dataset.lambda = eq ? String(eq.lambda) : '';
    plotFrame.element.hidden = !eq;
    notice.hidden = Boolean(eq);
    if (!eq) {
      notice.replaceChildren(...sayNodes(language, why));
      return;
    }
    const colors = extraColors(plotFrame.element);
    plotFrame.show((theme) => equationPlot(eq, height, theme, colors, language), {
      label: say(language, { key: 'equation.label', params: { name } }),
      description: equationDescription(eq, language),
    });
  }

  language.onChange(() => last && draw(last));
  return { element, draw };
}
