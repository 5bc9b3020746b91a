// Type test of the JSX declarations for React 19 (web/types/react.d.ts) through the package's
// exports: `tsc --noEmit --strict --jsx react-jsx` must accept this file; each `@ts-expect-error`
// line is a use the types must reject. Checked by tests/package/types.test.js.
import { useEffect, useRef } from 'react';
import 'mathlets/react';
import type { MathletCurElement } from 'mathlets/react';

export function Demo({ onRows }: { onRows: (rows: number[]) => void }) {
  const cur = useRef<MathletCurElement>(null);
  useEffect(() => {
    const element = cur.current;
    const listener = (event: CustomEvent<{ rows: number[] }>) => onRows(event.detail.rows);
    element?.addEventListener('mathlet-change', listener);
    return () => element?.removeEventListener('mathlet-change', listener);
  }, [onRows]);
  return (
    <article lang="en">
      <mathlet-logsumexp values="1, 2, 3" tau={0.5} className="demo" />
      <mathlet-smooth-topk values="3, 2, 1, 4" k={2} method="iterative-weighted" />
      <mathlet-grad-clip g="2.4, 1.8" tau="1" />
      <mathlet-pinv preset="near-singular" route="cod" rtol="default" />
      <mathlet-cr preset="t-c2" r={2} sampling="top" keep="4, 5" />
      <mathlet-cur ref={cur} preset="kernel" r={3} select="deim" middle="intersection" id="cur" />
      {/* @ts-expect-error no such route */}
      <mathlet-pinv route="qr" />
      {/* @ts-expect-error no such attribute */}
      <mathlet-cr rank={2} />
    </article>
  );
}
