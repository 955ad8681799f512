import { writeFileSync } from 'node:fs';

/** One bar per ratio figure against its goal; plain SVG so the README shows it without a build step. */
export interface Bar {
	label: string;
	value: number;
	goal: number;
	/** Whether the goal is a floor (≥) or a ceiling (≤). */
	better: 'higher' | 'lower';
}

export function writeChart(path: string, title: string, bars: Bar[], footer: string): void {
	const width = 720;
	const left = 260;
	const barHeight = 26;
	const top = 50;
	const scaleMax = Math.max(1.5, ...bars.map((b) => Math.max(b.value, b.goal) * 1.1));
	const x = (v: number) => left + (Math.min(v, scaleMax) / scaleMax) * (width - left - 90);
	const rows = bars.map((b, i) => {
		const y = top + i * (barHeight + 14);
		const met = b.better === 'higher' ? b.value >= b.goal : b.value <= b.goal;
		return [
			`<text x="${left - 10}" y="${y + 18}" text-anchor="end">${escape(b.label)}</text>`,
			`<rect x="${left}" y="${y}" width="${Math.max(1, x(b.value) - left)}" height="${barHeight}" fill="${met ? '#2e7d32' : '#c62828'}"/>`,
			`<line x1="${x(b.goal)}" x2="${x(b.goal)}" y1="${y - 4}" y2="${y + barHeight + 4}" stroke="#000" stroke-dasharray="4 3"/>`,
			`<text x="${x(Math.max(b.value, b.goal)) + 8}" y="${y + 18}">${b.value.toFixed(3)} (goal ${b.better === 'higher' ? '≥' : '≤'} ${b.goal})</text>`,
		].join('');
	});
	const height = top + bars.length * (barHeight + 14) + 40;
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
<text x="20" y="28" font-size="16" font-weight="bold">${escape(title)}</text>
${rows.join('\n')}
<text x="20" y="${height - 14}" fill="#555">${escape(footer)}</text>
</svg>
`;
	writeFileSync(path, svg);
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
