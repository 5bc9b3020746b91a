// What every widget does for the reader's device and preferences, adopted after the widget's own
// stylesheet (shadow-styles.js) so that these rules win where they overlap:
//  - less motion, for a reader who asks for it;
//  - targets a finger can hit (44 × 44 px, WCAG 2.5.5) wherever a pointer is coarse;
//  - forced colours (Windows high contrast): the system colours for text and controls, the charts
//    in their own colours;
//  - print: a figure with its numbers, in the light palette, without the controls that only work on screen.

export const readerMediaStyles = `
/* No fades and no animations: a waiting panel dims and a stale chart greys at once. Delays stay:
   they keep a short wait from flickering, which is not motion. */
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { transition-duration: 0s !important; animation: none !important; }
}

/* !important: a widget's own rule for a control (.stepper button { min-width: 2rem }) is more specific. */
@media (any-pointer: coarse) {
  button, select, summary, textarea, input:not([type=checkbox], [type=radio], [type=range], [type=hidden]) { min-height: 44px !important; }
  button, select { min-width: 44px !important; }
  /* A slider's thumb is small; the whole 44 px high strip around its track takes the finger. */
  input[type=range] { min-height: 44px !important; margin-top: 0; margin-bottom: 0; }
  /* A checkbox or radio button is hit through its label, which holds it. */
  label:has(> input[type=checkbox], > input[type=radio]) { min-height: 44px !important; }
}

/* The charts and their legends keep their colours: they carry the data (which line is which, a heatmap's values),
   more colours than the system palette has. They follow the forced theme's light or dark, which
   the browser reports as prefers-color-scheme. Focus rings drawn with box-shadow vanish in this
   mode (box-shadow is forced to none): an outline in the system's highlight colour stands in. */
@media (forced-colors: active) {
  svg, canvas, .legend { forced-color-adjust: none; } /* a legend's swatches say which line is which */
  :focus-visible { outline: 2px solid Highlight !important; outline-offset: 2px; }
}

@media print {
  :host { break-inside: avoid; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  button, input[type=range], .copy-control, .drag-handles { display: none !important; }
  input:not([type=checkbox], [type=radio]), select, textarea { border-color: transparent !important; background: none !important; appearance: none; }
  .panel, .plot-frame, figure { break-inside: avoid; }
}
`;
