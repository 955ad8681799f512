/**
 * Date handling of lexoffice: strict `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` timestamps in and out, output in German
 * local time, and day-granular filters evaluated in CET/CEST.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Last Sunday of a month at 01:00 UTC, the EU switch instant. */
function lastSundayUtc(year: number, month: number): number {
	const lastDay = new Date(Date.UTC(year, month + 1, 0, 1));
	return lastDay.getTime() - lastDay.getUTCDay() * DAY;
}

/** Offset of Europe/Berlin in minutes at an instant (EU DST rule, no Intl needed: fast for seeding). */
export function berlinOffsetMinutes(ms: number): number {
	const year = new Date(ms).getUTCFullYear();
	return ms >= lastSundayUtc(year, 2) && ms < lastSundayUtc(year, 9) ? 120 : 60;
}

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/** Formats an instant like the API does: `2023-02-22T00:00:00.000+01:00`. */
export function formatDateTime(ms: number): string {
	const offset = berlinOffsetMinutes(ms);
	const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
	return `${local}+${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}

/** `yyyy-MM-dd` of an instant in German local time. */
export function formatDate(ms: number): string {
	return formatDateTime(ms).slice(0, 10);
}

function validCalendar(y: number, m: number, d: number): boolean {
	const t = new Date(Date.UTC(y, m - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Strict parse: exactly 3 ms digits and `Z` or `±hh:mm`. Returns undefined otherwise. */
export function parseDateTime(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const m = DATE_TIME.exec(value);
	if (!m) return undefined;
	const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number);
	if (!validCalendar(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
	let offset = 0;
	if (m[8] !== 'Z') {
		const sign = m[8][0] === '-' ? -1 : 1;
		const oh = Number(m[8].slice(1, 3));
		const om = Number(m[8].slice(4, 6));
		if (oh > 18 || om > 59) return undefined;
		offset = sign * (oh * 60 + om);
	}
	return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset * 60_000;
}

/** Start of a German calendar day given as `yyyy-MM-dd` (filters are whole days in CET/CEST). */
export function parseDayStart(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const m = DATE.exec(value);
	if (!m) return undefined;
	const [y, mo, d] = m.slice(1, 4).map(Number);
	if (!validCalendar(y, mo, d)) return undefined;
	// Switches happen at 01:00 UTC, so the offset two hours before UTC midnight is the one in force at German midnight,
	// also on switch days (2024-03-31 starts at +01:00).
	const utcMidnight = Date.UTC(y, mo - 1, d);
	return utcMidnight - berlinOffsetMinutes(utcMidnight - 2 * HOUR) * 60_000;
}

/** Next German midnight after a day start (23, 24 or 25 hours later). */
export function nextDayStart(dayStart: number): number {
	return parseDayStart(formatDate(dayStart + DAY + 3 * HOUR)) ?? dayStart + DAY;
}

/** Bookkeeping voucher dates are plain dates on write; a full timestamp is tolerated for GET-merge-PUT. */
export function parseDateOrDateTime(value: unknown): number | undefined {
	return parseDayStart(value) ?? parseDateTime(value);
}
