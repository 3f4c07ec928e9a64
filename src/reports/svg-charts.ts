import { germanNumber } from './labels-de.js';
import type { PublishedValue } from './disclosure/suppression.js';

/**
 * Small inline SVG charts for the committee report, drawn by hand so the HTML needs no script and no
 * library and prints sharply. A withheld value (`<5`, `x`) draws no bar or point; its symbol is shown.
 */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const num = (v: PublishedValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const text = (v: PublishedValue) => (typeof v === 'number' ? germanNumber(v) : v);

/** A rounded maximum for the axis: 1, 2, 2.5 or 5 times a power of ten. */
function niceMax(max: number): number {
  if (max <= 5) return 5;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map((f) => f * power).find((n) => n >= max)!;
}

export interface BarSeries {
  label: string;
  className: string;
}

/** Horizontal bars, one group per row (e.g. per municipality), one bar per series. */
export function horizontalBars(
  title: string,
  rows: { label: string; values: PublishedValue[] }[],
  series: BarSeries[],
): string {
  const labelWidth = 190;
  const width = 640;
  const plot = width - labelWidth - 60;
  const barHeight = 11;
  const group = series.length * barHeight + 10;
  const top = 28;
  const height = top + rows.length * group + 26;
  const max = niceMax(Math.max(0, ...rows.flatMap((r) => r.values.map((v) => num(v) ?? 0))));
  const x = (v: number) => labelWidth + (v / max) * plot;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(
      `<line class="grid" x1="${x(t)}" y1="${top - 6}" x2="${x(t)}" y2="${height - 22}"/>`,
      `<text class="tick" x="${x(t)}" y="${height - 8}" text-anchor="middle">${germanNumber(t, t % 1 ? 1 : 0)}</text>`,
    );
  }
  rows.forEach((row, i) => {
    const y0 = top + i * group;
    parts.push(
      `<text class="label" x="${labelWidth - 8}" y="${y0 + (series.length * barHeight) / 2 + 4}" text-anchor="end">${escapeHtml(row.label)}</text>`,
    );
    series.forEach((s, k) => {
      const value = row.values[k]!;
      const y = y0 + k * barHeight;
      const n = num(value);
      if (n !== undefined && n > 0) {
        parts.push(
          `<rect class="bar ${s.className}" x="${labelWidth}" y="${y}" width="${Math.max(1, x(n) - labelWidth).toFixed(1)}" height="${barHeight - 2}"><title>${escapeHtml(`${row.label} – ${s.label}: ${text(value)}`)}</title></rect>`,
        );
      }
      parts.push(
        `<text class="value${n === undefined ? ' withheld' : ''}" x="${(n ? x(n) : labelWidth) + 4}" y="${y + barHeight - 3}">${escapeHtml(text(value))}</text>`,
      );
    });
  });
  return svg(title, width, height, parts, series);
}

/** Lines over the quarters; a withheld quarter leaves a gap in its line. */
export function trendLines(
  title: string,
  points: { label: string; values: PublishedValue[] }[],
  series: BarSeries[],
): string {
  const width = 640;
  const height = 230;
  const left = 46;
  const right = 34;
  const top = 30;
  const bottom = 36;
  const max = niceMax(Math.max(0, ...points.flatMap((p) => p.values.map((v) => num(v) ?? 0))));
  const step = points.length > 1 ? (width - left - right) / (points.length - 1) : 0;
  const x = (i: number) => left + i * step;
  const y = (v: number) => top + (1 - v / max) * (height - top - bottom);
  const parts: string[] = [];
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const t = f * max;
    parts.push(
      `<line class="grid" x1="${left}" y1="${y(t)}" x2="${width - right}" y2="${y(t)}"/>`,
      `<text class="tick" x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${germanNumber(t, t % 1 ? 1 : 0)}</text>`,
    );
  }
  points.forEach((p, i) =>
    parts.push(
      `<text class="tick" x="${x(i)}" y="${height - bottom + 18}" text-anchor="middle">${escapeHtml(p.label)}</text>`,
    ),
  );
  series.forEach((s, k) => {
    let path = '';
    let pen = false;
    points.forEach((p, i) => {
      const n = num(p.values[k]);
      if (n === undefined) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(n).toFixed(1)}`;
      pen = true;
      parts.push(
        `<circle class="point ${s.className}" cx="${x(i).toFixed(1)}" cy="${y(n).toFixed(1)}" r="3"><title>${escapeHtml(`${p.label} – ${s.label}: ${text(p.values[k]!)}`)}</title></circle>`,
      );
    });
    if (path) parts.unshift(`<path class="line ${s.className}" d="${path}"/>`);
  });
  return svg(title, width, height, parts, series);
}

function svg(title: string, width: number, height: number, parts: string[], series: BarSeries[]): string {
  let lx = 0;
  const legend = series
    .map((s) => {
      const item = `<rect class="swatch ${s.className}" x="${lx}" y="0" width="10" height="10"/><text class="legend" x="${lx + 14}" y="9">${escapeHtml(s.label)}</text>`;
      lx += 24 + s.label.length * 6.2;
      return item;
    })
    .join('');
  return (
    `<svg class="chart-svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg">` +
    `<g transform="translate(${width - lx - 4},4)">${legend}</g>${parts.join('')}</svg>`
  );
}
