import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { records } from '../helpers/sandbox';

export const FULL = process.env.CHAOS_FULL === '1';
export const root = join(__dirname, '..', '..');
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sizes: the in full mode (`CHAOS_FULL=1`), smaller in the short run that `npm test` includes. */
export const SIZES = {
	r1Records: Number(process.env.CHAOS_R1_RECORDS) || (FULL ? 10_000 : 1_000),
	r2Records: FULL ? 1_500 : 400,
	r2Kills: FULL ? 5 : 2,
	/** m1: generated documents per direction (split over the three tax policies), and injected changes in all. */
	m1PerDirection: Number(process.env.CHAOS_M1_PER_DIRECTION) || 500,
	m1Injected: 24,
};

/** Lost and duplicated records of a bexio → lexoffice contact import, by the `[bexio-contact:<id>]` marker. */
export async function lostAndDuplicates(
	bexioToken: string,
	lexofficeToken: string,
): Promise<{ lost: number; duplicates: number; source: number; target: number }> {
	const lex = await records<{ note?: string }>('lexoffice', lexofficeToken, 'contacts');
	const bex = await records<{ id: number }>('bexio', bexioToken, 'contacts');
	const markers = new Set(
		lex
			.map((c) => /\[bexio-contact:(\d+)\]/.exec(c.note ?? '')?.[1])
			.filter((m): m is string => m !== undefined),
	);
	return {
		lost: bex.filter((c) => !markers.has(String(c.id))).length,
		// Every target record beyond one per source record (a second copy, or one without a marker).
		duplicates: lex.length - markers.size,
		source: bex.length,
		target: lex.length,
	};
}

interface BexioContactRow {
	id: number;
	contact_type_id: number;
	name_1: string;
	name_2: string | null;
	street_name: string | null;
	house_number: string | null;
	postcode: string | null;
	city: string | null;
	mail: string | null;
}
interface LexContactRow {
	note?: string;
	company?: { name?: string };
	person?: { firstName?: string; lastName?: string };
	addresses?: { billing?: Array<{ street?: string; zip?: string; city?: string }> };
	emailAddresses?: { business?: string[] };
}

/**
 * Target records whose content differs from their source (name, street, postcode, city, e-mail), compared
 * field by field from both sandboxes' stored records, independent of the importer's own mapping code.
 */
export async function mismatchedContacts(
	bexioToken: string,
	lexofficeToken: string,
): Promise<{ mismatched: number; examples: string[] }> {
	const bex = new Map(
		(await records<BexioContactRow>('bexio', bexioToken, 'contacts')).map((c) => [String(c.id), c]),
	);
	const examples: string[] = [];
	let mismatched = 0;
	for (const l of await records<LexContactRow>('lexoffice', lexofficeToken, 'contacts')) {
		const id = /\[bexio-contact:(\d+)\]/.exec(l.note ?? '')?.[1];
		const b = id ? bex.get(id) : undefined;
		if (!b) continue;
		const expected = {
			name:
				b.contact_type_id === 2
					? `${b.name_2 ?? ''} ${b.name_1}`.trim()
					: [b.name_1, b.name_2].filter(Boolean).join(' '),
			street: [b.street_name, b.house_number].filter(Boolean).join(' '),
			zip: b.postcode ?? '',
			city: b.city ?? '',
			mail: b.mail ?? '',
		};
		const address = l.addresses?.billing?.[0];
		const actual = {
			name: l.company?.name ?? `${l.person?.firstName ?? ''} ${l.person?.lastName ?? ''}`.trim(),
			street: address?.street ?? '',
			zip: address?.zip ?? '',
			city: address?.city ?? '',
			mail: l.emailAddresses?.business?.[0] ?? '',
		};
		if (JSON.stringify(expected) !== JSON.stringify(actual)) {
			mismatched += 1;
			if (examples.length < 5)
				examples.push(`bexio ${id}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`);
		}
	}
	return { mismatched, examples };
}

/** Every string in a value, with byte arrays (Temporal payload data) decoded as UTF-8. */
export function allText(value: unknown, out: string[] = []): string {
	if (typeof value === 'string') out.push(value);
	else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
	else if (Array.isArray(value)) value.forEach((v) => allText(v, out));
	else if (value && typeof value === 'object') Object.values(value).forEach((v) => allText(v, out));
	return out.join('\n');
}

/** Text files under a folder (recursively) whose name matches. */
export function filesUnder(dir: string, match: RegExp): string[] {
	if (!existsSync(dir)) return [];
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...filesUnder(path, match));
		else if (match.test(name)) out.push(path);
	}
	return out;
}

export const readText = (path: string): string => readFileSync(path, 'utf8');

// ---- r2: a Temporal dev server with a persistent SQLite file, stopped and started again on the same ports

export { devServer, type DevServer } from '../helpers/temporalServer';
