// Numbers as text, both ways: readouts (with a real minus sign), the strict parser behind every
// typed field (its messages name the field), and subscript indices for labels such as x₃.

const MINUS = '\u2212';
const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** A readout: `digits` decimals in the ordinary range, scientific notation for tiny or huge values. */
export function formatNumber(v, digits = 4) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return `${MINUS}∞`;
  const a = Math.abs(v);
  let text;
  if (a === 0) text = (0).toFixed(digits);
  else if (a >= 1e6 || a < 10 ** -digits) text = v.toExponential(Math.max(digits - 1, 1)).replace('e+', 'e');
  else text = v.toFixed(digits);
  if (/^-0\.?0*$/.test(text)) text = text.slice(1); // no "-0.0000"
  return text.replace(/-/g, MINUS);
}

/** The shortest text that round-trips, for putting a value back into an editable field. */
export function editableNumber(v, significant = 12) {
  return String(Number(v.toPrecision(significant))).replace('-', MINUS);
}

// The most characters a field for one number takes: a double needs at most 24 ("-2.2250738585072014e-308"),
// so this leaves room for padding and long decimals. A longer paste is cut to this length by the browser
// (maxlength): a reader who pastes a megabyte into a field gets its message at once, where laying out and
// parsing the whole text froze the tab for up to 2 s.
export const NUMBER_FIELD_MAX_LENGTH = 100;

const REASONS = { empty: 'empty', notNumber: 'not a number', mustBeFinite: 'must be finite', tooLarge: 'too large: must be finite' };
const problem = (reason) => ({ error: REASONS[reason], reason });

/**
 * Parses what a reader typed. Returns { value } or { error, reason }: error is a short English
 * reason ("not a number"), reason its key for a translated message (`number.${reason}` in
 * parts-text.js); the caller prefixes the field's name.
 * Accepts the typographic minus sign; refuses NaN, infinities and anything Number() would guess at.
 */
export function parseNumber(text) {
  const s = String(text)
    .trim()
    .replace(/[\u2212\u2013]/g, '-');
  if (s === '') return problem('empty');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) {
    return problem(/^[+-]?(inf|infinity|∞)$/i.test(s) ? 'mustBeFinite' : 'notNumber');
  }
  const value = Number(s);
  if (!Number.isFinite(value)) return problem('tooLarge');
  return { value };
}

/**
 * After a change of language, fields inside `container` that show an error say it again in the new
 * language: their text is validated anew (the same 'input' the reader's typing fires).
 */
export function revalidateOnLanguageChange(language, container) {
  language.onChange(() => {
    for (const field of container.querySelectorAll('[aria-invalid="true"]')) field.dispatchEvent(new Event('input'));
  });
}

/** The reason of a failed parseNumber in the widget's language: numberProblem(lang, parsed). */
export function numberProblem(language, parsed) {
  return language.t(`number.${parsed.reason}`);
}

/** 3 -> "₃", 12 -> "₁₂". */
export function subscript(i) {
  return String(i).replace(/\d/g, (d) => SUBSCRIPT_DIGITS[d]);
}
