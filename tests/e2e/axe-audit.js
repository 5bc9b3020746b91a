// Accessibility audit with axe-core (WCAG 2.0/2.1, levels A and AA) of a loaded page, in light and
// in dark mode: the page's and the widgets' stylesheets follow the reader's preference, and every
// chart is drawn anew in its colours (web/src/widgets/parts/plot-frame.js), so one load serves both.
// axe looks into the widgets' open shadow roots by itself. Nothing of axe-core ships: it is a
// devDependency evaluated into the page by the tests only (page.evaluate is not subject to a page's
// strict Content-Security-Policy, where a <script> tag would be).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { nextFrames } from './page-actions.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCHEMES = ['light', 'dark'];

async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    // A target is a list of selectors, one per shadow root on the way to the element.
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      nodes: v.nodes.slice(0, 4).map((n) => ({ target: n.target.flat().join(' >> '), summary: n.failureSummary ?? '' })),
    }));
  }, WCAG_TAGS);
}

/** The violations axe-core finds on `page` (loaded, its widgets ready), light then dark; leaves it light. */
export async function violationsInBothSchemes(page) {
  const found = [];
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await nextFrames(page);
    for (const violation of await audit(page)) found.push({ scheme: colorScheme, ...violation });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Each violation with its first elements and why each fails (a summary said once for several elements). */
export const describeViolations = (found) =>
  found
    .map(({ scheme, id, impact, help, count, nodes }) => {
      const lines = [`[${scheme}] ${id} (${impact}, ${count} element${count === 1 ? '' : 's'}): ${help}`];
      nodes.forEach(({ target, summary }, i) => {
        lines.push(`    at ${target}`);
        if (summary !== nodes[i + 1]?.summary) lines.push(`      ${summary.replace(/\n/g, '\n      ')}`);
      });
      if (count > nodes.length) lines.push(`    and ${count - nodes.length} more`);
      return lines.join('\n');
    })
    .join('\n');
