// Horizontal bar charts as standalone SVG (no dependencies): one panel per corpus, one bar per
// tool, each panel on its own scale, async-lint's bar highlighted.

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * panels: [{ title, bars: [{ label, value, ours?: boolean, note?: string }] }]
 * format: value → text shown after the bar.
 */
export function barChart({ title, panels, format }) {
  const width = 760;
  const labelWidth = 230;
  const valueWidth = 90;
  const barArea = width - labelWidth - valueWidth - 20;
  const barHeight = 20;
  const gap = 8;
  let y = 40;
  const parts = [];
  for (const panel of panels) {
    parts.push(`<text x="10" y="${y}" class="panel">${escape(panel.title)}</text>`);
    y += 12;
    const max = Math.max(...panel.bars.map((b) => b.value), 1e-9);
    for (const bar of panel.bars) {
      const w = Math.max(1, (bar.value / max) * barArea);
      const cy = y + barHeight / 2 + 4;
      parts.push(`<text x="${labelWidth}" y="${cy}" text-anchor="end" class="label">${escape(bar.label)}</text>`);
      parts.push(`<rect x="${labelWidth + 8}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" rx="3" class="${bar.ours ? 'ours' : 'peer'}"/>`);
      parts.push(`<text x="${(labelWidth + 14 + w).toFixed(1)}" y="${cy}" class="value">${escape(format(bar.value))}${bar.note ? ` ${escape(bar.note)}` : ''}</text>`);
      y += barHeight + gap;
    }
    y += 18;
  }
  const height = y;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}">
<style>
  text { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 13px; fill: #24292f; }
  .title { font-size: 15px; font-weight: 600; }
  .panel { font-weight: 600; }
  .value { fill: #57606a; }
  .ours { fill: #2da44e; }
  .peer { fill: #8c959f; }
  @media (prefers-color-scheme: dark) { text { fill: #e6edf3; } .value { fill: #9198a1; } .peer { fill: #6e7781; } }
</style>
<rect width="100%" height="100%" fill="none"/>
<text x="10" y="22" class="title">${escape(title)}</text>
${parts.join('\n')}
</svg>
`;
}
