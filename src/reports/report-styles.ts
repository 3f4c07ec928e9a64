/** Screen and print (A4) styles of the committee report; system fonts only, so it renders offline. */
export const REPORT_CSS = `
:root { --ink:#1d2733; --muted:#5b6775; --line:#cfd6de; --band:#f3f5f8; --accent:#1f4e79; --accent2:#8fb3d9; --accent3:#c0504d; }
* { box-sizing: border-box; }
html { font-size: 10.5pt; }
body { margin: 0; background: #e9ecef; color: var(--ink); font-family: "Segoe UI", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; line-height: 1.4; }
.page { max-width: 210mm; margin: 12px auto; background: #fff; padding: 16mm 17mm 18mm; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
header.letterhead { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2.5pt solid var(--accent); padding-bottom: 6pt; margin-bottom: 12pt; }
.letterhead .issuer { font-size: 9pt; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; }
.letterhead .issuer strong { display: block; color: var(--accent); font-size: 12pt; letter-spacing: .02em; text-transform: none; }
.letterhead .doc-type { text-align: right; font-size: 9pt; color: var(--muted); }
.letterhead .doc-type strong { display: block; font-size: 11pt; color: var(--ink); }
h1 { font-size: 17pt; margin: 4pt 0 0; color: var(--accent); font-weight: 600; }
.subtitle { font-size: 12pt; margin: 0 0 8pt; color: var(--ink); }
h2 { font-size: 12.5pt; margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: .75pt solid var(--line); color: var(--accent); break-after: avoid; }
h3 { font-size: 10.5pt; margin: 10pt 0 4pt; break-after: avoid; }
p { margin: 4pt 0 6pt; }
table.meta { border-collapse: collapse; margin-bottom: 10pt; font-size: 9.5pt; }
table.meta th { text-align: left; font-weight: 600; padding: 1pt 12pt 1pt 0; color: var(--muted); }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6pt; margin: 8pt 0 4pt; }
.kpi { border: .75pt solid var(--line); border-top: 3pt solid var(--accent); padding: 6pt 8pt; background: var(--band); break-inside: avoid; }
.kpi .value { font-size: 18pt; font-weight: 600; color: var(--accent); }
.kpi .caption { font-size: 8.5pt; color: var(--muted); }
table.data { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 9.5pt; break-inside: auto; }
table.data caption { text-align: left; font-weight: 600; padding-bottom: 3pt; }
table.data th, table.data td { border-bottom: .5pt solid var(--line); padding: 2.5pt 6pt; }
table.data thead th { background: var(--accent); color: #fff; font-weight: 600; text-align: right; }
table.data thead th:first-child, table.data td:first-child, table.data th[scope=row] { text-align: left; font-weight: normal; }
table.data td { text-align: right; font-variant-numeric: tabular-nums; }
table.data tbody tr:nth-child(even) { background: var(--band); }
table.data tr.total td, table.data tr.total th { font-weight: 700; border-top: 1pt solid var(--ink); background: #fff; }
table.data tr { break-inside: avoid; }
td.withheld { color: var(--muted); font-style: italic; }
.note { font-size: 8.5pt; color: var(--muted); }
figure.chart { margin: 6pt 0 10pt; break-inside: avoid; }
figure.chart figcaption { font-weight: 600; font-size: 9.5pt; margin-bottom: 2pt; }
.chart-svg { display: block; font-family: inherit; }
.chart-svg .grid { stroke: #e1e6eb; stroke-width: 1; }
.chart-svg .tick, .chart-svg .legend { font-size: 10px; fill: var(--muted); }
.chart-svg .label { font-size: 10.5px; fill: var(--ink); }
.chart-svg .value { font-size: 9.5px; fill: var(--ink); }
.chart-svg .value.withheld { fill: var(--muted); font-style: italic; }
.chart-svg .s1 { fill: var(--accent); stroke: var(--accent); }
.chart-svg .s2 { fill: var(--accent2); stroke: var(--accent2); }
.chart-svg .s3 { fill: var(--accent3); stroke: var(--accent3); }
.chart-svg .line { fill: none; stroke-width: 2; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 12pt; }
.finding { border-left: 3pt solid var(--accent2); padding: 3pt 8pt; margin: 6pt 0; break-inside: avoid; }
.finding .head { font-weight: 600; }
.finding .meta { font-size: 8.5pt; color: var(--muted); }
footer.legend { margin-top: 14pt; border-top: .75pt solid var(--line); padding-top: 6pt; font-size: 8.5pt; color: var(--muted); }
footer.legend ul { margin: 2pt 0; padding-left: 14pt; }
@page { size: A4; margin: 16mm 15mm 18mm 18mm;
  @bottom-right { content: "Seite " counter(page) " von " counter(pages); font-size: 8pt; color: #5b6775; }
  @bottom-left { content: "KIM – Bericht für den Sozialausschuss"; font-size: 8pt; color: #5b6775; } }
@media print {
  html { font-size: 10pt; }
  body { background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { margin: 0; padding: 0; max-width: none; box-shadow: none; }
  section.break-before { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
`;
