/**
 * Values as they come from outside (spreadsheets, forms, POS exports): durations, yes/no, calendar days.
 * Pure: no I/O, no clock.
 */

/** `H:MM` / `HH:MM` or whole minutes → minutes; undefined when it is neither. */
export function parseDuration(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
	const text = String(value ?? '').trim();
	if (/^\d+$/.test(text)) return Number(text) > 0 ? Number(text) : undefined;
	const m = /^(\d{1,3}):([0-5]\d)$/.exec(text);
	if (!m) return undefined;
	const total = Number(m[1]) * 60 + Number(m[2]);
	return total > 0 ? total : undefined;
}

/** true/false, also from text (yes/no, ja/nein, 1/0) as spreadsheets and forms send it; undefined when empty or unknown. */
export function yesNo(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	const text = String(value ?? '')
		.trim()
		.toLowerCase();
	if (['1', 'true', 'yes', 'y', 'ja', 'j', 'oui'].includes(text)) return true;
	if (['0', 'false', 'no', 'n', 'nein', 'non'].includes(text)) return false;
	return undefined;
}

/** A calendar day as `YYYY-MM-DD` that exists (2026-02-30 does not). */
export function isDay(value: unknown): boolean {
	const text = String(value ?? '');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
	const t = Date.parse(`${text}T00:00:00Z`);
	return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}
