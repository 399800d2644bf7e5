/**
 * Bar charts as SVG text, for the impact report's PDF (pdfmake draws an `svg` node as vector
 * paths and text through svg-to-pdfkit): grouped or stacked bars over categories, a y axis with
 * round ticks, a legend, and an optional line of notes above each category (the SLA share). Pure:
 * the same figures make the same SVG.
 */
export interface BarSeries {
  name: string;
  color: string;
  values: readonly number[];
}

export interface BarChart {
  width: number;
  height: number;
  categories: readonly string[];
  series: readonly BarSeries[];
  /** Stacked: the series' bars on top of each other; else side by side. */
  stacked?: boolean;
  /** A short text above each category's bars (e.g. '97%'), or null for none. */
  notes?: readonly (string | null)[];
}

const FONT = 'font-family="Helvetica" fill="#333"';
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fixed = (n: number) => Number(n.toFixed(2)).toString();

/** A round axis maximum at or above `max` and its step (1, 2 or 5 × 10^k; four or five steps). */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const wholeStep = Math.max(1, Math.round(step));
  return { top: Math.ceil(max / wholeStep) * wholeStep, step: wholeStep };
}

/** Thousands grouped (12,345), for ticks and labels. */
export const grouped = (n: number | string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function barChartSvg(chart: BarChart): string {
  const { width, height, categories, series } = chart;
  const left = 44;
  const right = 8;
  const top = chart.notes ? 30 : 18;
  const legend = 18;
  const bottom = 20 + legend;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const totals = categories.map((_, i) => (chart.stacked ? series.reduce((n, s) => n + (s.values[i] ?? 0), 0) : Math.max(0, ...series.map((s) => s.values[i] ?? 0))));
  const { top: max, step } = niceScale(Math.max(0, ...totals));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];

  for (let v = 0; v <= max; v += step) {
    parts.push(`<line x1="${left}" y1="${fixed(y(v))}" x2="${width - right}" y2="${fixed(y(v))}" stroke="${v === 0 ? '#666' : '#ddd'}" stroke-width="${v === 0 ? 0.8 : 0.5}"/>`);
    parts.push(`<text x="${left - 4}" y="${fixed(y(v) + 3)}" font-size="7" text-anchor="end" ${FONT}>${grouped(v)}</text>`);
  }
  const slot = plotW / Math.max(1, categories.length);
  const barsW = slot * 0.7;
  categories.forEach((category, i) => {
    const x0 = left + slot * i + (slot - barsW) / 2;
    let stackedBase = 0;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (chart.stacked) {
        if (v > 0) parts.push(`<rect x="${fixed(x0)}" y="${fixed(y(stackedBase + v))}" width="${fixed(barsW)}" height="${fixed(y(stackedBase) - y(stackedBase + v))}" fill="${s.color}"/>`);
        stackedBase += v;
      } else {
        const w = barsW / series.length;
        if (v > 0) parts.push(`<rect x="${fixed(x0 + w * k)}" y="${fixed(y(v))}" width="${fixed(w)}" height="${fixed(y(0) - y(v))}" fill="${s.color}"/>`);
      }
    });
    parts.push(`<text x="${fixed(left + slot * i + slot / 2)}" y="${fixed(top + plotH + 11)}" font-size="7" text-anchor="middle" ${FONT}>${escape(category)}</text>`);
    const note = chart.notes?.[i];
    if (note) parts.push(`<text x="${fixed(left + slot * i + slot / 2)}" y="${fixed(top - 8)}" font-size="7" text-anchor="middle" ${FONT}>${escape(note)}</text>`);
  });
  let lx = left;
  for (const s of series) {
    const ly = height - 8;
    parts.push(`<rect x="${fixed(lx)}" y="${ly - 7}" width="8" height="8" fill="${s.color}"/>`);
    parts.push(`<text x="${fixed(lx + 11)}" y="${ly}" font-size="8" ${FONT}>${escape(s.name)}</text>`);
    lx += 20 + s.name.length * 4.4;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}
