// A weight near 1 shown so that a tiny excess stays visible: "1 + 4.5e−8" rather than "1.0000".
import { formatNumber } from '../parts/number-text.js';

export const formatShare = (p) => (p > 1 && p - 1 < 1e-4 ? `1 + ${formatNumber(p - 1, 2)}` : formatNumber(p, 4));
