import { escapeHtml } from './reportHtml.ts';
import { highest, lowest } from '../extremes.ts';

/** An affected letter as the chart counts it: who sent it, and when it went wrong. */
export interface ChartedLetter {
  senderId: string;
  at: string;
}

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { left: 48, right: 16, top: 16, bottom: 40 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#7f7f7f'];
/** Senders drawn one by one; the rest are summed as one. */
const SHOWN = 5;
const BUCKETS = 24;

/** Letters per time bucket of one sender (or of the others summed). */
interface Series {
  name: string;
  counts: number[];
}

/**
 * Affected letters over time by sender, as an inline SVG: a line per sender over the buckets
 * from the first affected letter to the last. Drawn here so the report needs nothing else.
 */
export const lettersChart = (letters: readonly ChartedLetter[], label: string) => {
  if (letters.length === 0) return '<p>No letters were affected.</p>';
  const escape = escapeHtml;
  const times = letters.map((letter) => Date.parse(letter.at));
  const first = lowest(times);
  const span = Math.max(1, highest(times) - first);
  const bucketOf = (time: number) =>
    Math.min(BUCKETS - 1, Math.floor(((time - first) / span) * BUCKETS));
  const series = seriesOf(letters, (letter) => bucketOf(Date.parse(letter.at)));
  const top = Math.max(1, ...series.flatMap((one) => one.counts));
  const x = (bucket: number) =>
    MARGIN.left + (bucket / (BUCKETS - 1)) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (count: number) =>
    HEIGHT - MARGIN.bottom - (count / top) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const lines = series.map((one, index) => {
    const points = one.counts.map(
      (count, bucket) => `${x(bucket).toFixed(1)},${y(count).toFixed(1)}`,
    );
    const colour = COLOURS[index % COLOURS.length]!;
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"><title>${escape(one.name)}</title></polyline>`;
  });
  const axis = [
    `<line x1="${MARGIN.left}" y1="${y(0)}" x2="${WIDTH - MARGIN.right}" y2="${y(0)}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" y1="${y(0)}" x2="${MARGIN.left}" y2="${MARGIN.top}" stroke="#333"/>`,
    `<text x="${MARGIN.left - 6}" y="${y(top) + 4}" text-anchor="end">${top}</text>`,
    `<text x="${MARGIN.left - 6}" y="${y(0) + 4}" text-anchor="end">0</text>`,
    `<text x="${MARGIN.left}" y="${HEIGHT - 12}">${escape(new Date(first).toISOString())}</text>`,
    `<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 12}" text-anchor="end">${escape(new Date(first + span).toISOString())}</text>`,
  ];
  const legend = series
    .map(
      (one, index) =>
        `<li><span style="color:${COLOURS[index % COLOURS.length]}">■</span> ${escape(one.name)}</li>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-size="11" role="img" aria-label="${escape(label)}">${[...axis, ...lines].join('')}</svg><ul class="legend">${legend}</ul>`;
};

/** The senders with the most letters, each its own series, the rest summed as "others". */
const seriesOf = (
  letters: readonly ChartedLetter[],
  bucketOf: (letter: ChartedLetter) => number,
): Series[] => {
  const bySender = new Map<string, number[]>();
  for (const letter of letters) {
    const counts = bySender.get(letter.senderId) ?? new Array<number>(BUCKETS).fill(0);
    counts[bucketOf(letter)]! += 1;
    bySender.set(letter.senderId, counts);
  }
  const total = (counts: number[]) => counts.reduce((sum, n) => sum + n, 0);
  const ranked = [...bySender].sort(([a, x], [b, y]) => total(y) - total(x) || a.localeCompare(b));
  const shown = ranked.slice(0, SHOWN).map(([name, counts]) => ({ name, counts }));
  const rest = ranked.slice(SHOWN);
  if (rest.length === 0) return shown;
  const others = new Array<number>(BUCKETS).fill(0);
  for (const [, counts] of rest) counts.forEach((n, bucket) => (others[bucket]! += n));
  return [...shown, { name: `${rest.length} other senders`, counts: others }];
};
