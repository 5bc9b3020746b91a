// The few rules <mathlet-pinv> adds to the shared matrix-widget stylesheet.
export const pinvStyles = `
.headline h2 { margin: 0; font-size: 0.95rem; color: var(--mlt-muted); font-weight: 600; }
.headline .chips { margin-top: 0.35rem; }
.route { margin: 0.7rem 0 0.5rem; }
.penrose-list { display: grid; gap: 0.35rem; margin: 0.3rem 0; }
.penrose-list .chip { display: grid; grid-template-columns: 2rem minmax(7.5rem, auto) auto 1fr; border-radius: 8px; }
.penrose-list .tag { color: var(--mlt-accent); font-size: 0.8rem; }
.penrose-list .residual-caption { color: var(--mlt-muted); font-size: 0.8rem; }
.penrose-list .sym { text-align: right; }
.penrose-note { margin-top: 0.4rem; }
.chip.difference { border-radius: 8px; }
.legend .c1 { color: var(--mlt-c1); } .legend .c2 { color: var(--mlt-c2); } .legend .floor { color: var(--mlt-floor); }
.log-slider { margin-top: 0.4rem; }
.plot-holder { position: relative; }
.plot-holder .computing { position: absolute; top: 0.2rem; right: 0.4rem; padding: 0.05rem 0.55rem; border-radius: 999px; font-size: 0.78rem; color: var(--mlt-muted); background: var(--mlt-surface); border: 1px solid var(--mlt-border); }
kbd { font: inherit; font-size: 0.92em; padding: 0 0.25rem; border: 1px solid var(--mlt-border); border-radius: 4px; }
.log-slider .typed { width: 6.4rem; }
`;
