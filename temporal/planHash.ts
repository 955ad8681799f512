/**
 * A job's plan digest, folded page by page inside workflow code (no Node crypto there): the same plan
 * always gives the same hash, a changed planned write, failure or count gives another. It tells the
 * people approving a plan that the job writes exactly the plan they saw; it is not a signature.
 */

/** The digest of nothing planned yet. */
export const EMPTY_PLAN_HASH = '0000000000000000';

/** `previous` extended by one page's plan (its JSON). Two 32-bit FNV-1a lanes with different seeds. */
export function foldPlanHash(previous: string, page: unknown): string {
	const text = previous + JSON.stringify(page);
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
	}
	const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
	return hex(a) + hex(b);
}
