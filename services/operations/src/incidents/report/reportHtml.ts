import type { Bound } from '../../replay/logWindow.ts';

/** Text as HTML shows it: nothing in the log is ever markup here. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type Cell = string | number | boolean | null;

export const table = (headings: string[], rows: Cell[][]): string => {
  const head = headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell ?? '—'))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
};

export const boundText = (bound: Bound | undefined): string => {
  if (!bound) return 'open';
  return 'position' in bound ? `position ${bound.position}` : new Date(bound.at).toISOString();
};

export const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.legend{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}`;

/** One self-contained page: the style inline, the title and every line escaped by the caller. */
export const reportPage = (title: string, body: string, generatedAt: Date): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1><p>Generated ${escapeHtml(generatedAt.toISOString())} from the event log.</p>
${body}
</body></html>
`;
