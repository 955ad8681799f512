import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Searches texts, files and folders for secrets as bytes, in every form a secret takes on the way
 * into a log or a database: as is, URL-encoded and base64 (standard and URL-safe alphabet, at each
 * of the three byte alignments, so a secret in the middle of an encoded payload is found too). Each
 * source is also searched after decoding its base64 runs and its %XX escapes. Used by the chaos
 * suite's r5 over logs, Temporal and n8n databases, histories and workflow descriptions.
 */

export interface Secret {
	/** What it is (e.g. `bexio tenant token`); reports show this and the first characters only. */
	kind: string;
	value: string;
}

export interface SecretHit {
	source: string;
	/** The file inside a scanned folder, if any. */
	where?: string;
	secret: string;
	/** How it appeared: `raw`, `url-encoded`, `base64`, … and after which decoding (`in base64-decoded text`). */
	form: string;
}

/** The shape of sandbox tokens and bearer headers: found in any text whatever run produced them. */
export const SECRET_PATTERNS = [
	/\b(?:lexoffice|bexio)-[0-9a-f]{32}\b/g,
	/Bearer\s+[A-Za-z0-9._~+/-]{16,}/g,
];

/** Shortest needle: below this a match says nothing (and the index key needs this many characters). */
const KEY = 12;

/** The byte strings (as latin1 text) a secret can appear as. */
export function secretForms(value: string): Array<{ form: string; needle: string }> {
	const bytes = Buffer.from(value, 'utf8');
	const forms = new Map<string, string>();
	const add = (form: string, needle: string) => {
		if (needle.length >= KEY && !forms.has(needle)) forms.set(needle, form);
	};
	add('raw', bytes.toString('latin1'));
	add('url-encoded', encodeURIComponent(value));
	for (let shift = 0; shift < 3; shift++) {
		// `shift` bytes before the secret: the first group of four characters mixes them in, the last
		// partial group mixes in what follows; every full group in between depends on the secret alone.
		const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
		const stable = encoded.slice(shift === 0 ? 0 : 4, Math.floor((shift + bytes.length) / 3) * 4);
		add(`base64 (offset ${shift})`, stable);
		add(`base64url (offset ${shift})`, stable.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return [...forms].map(([needle, form]) => ({ form, needle }));
}

/** Every base64 run of a text decoded (at each of its four character offsets), joined by newlines. */
export function decodeBase64Runs(text: string): string {
	const out: string[] = [];
	for (const m of text.matchAll(/[A-Za-z0-9+/_-]{16,}/g)) {
		for (let offset = 0; offset < 4; offset++)
			out.push(Buffer.from(m[0].slice(offset), 'base64').toString('latin1'));
	}
	return out.join('\n');
}

/** %XX escapes decoded byte by byte (the text as latin1, so multi-byte UTF-8 sequences stay bytes). */
export function decodePercent(text: string): string {
	return text.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
		String.fromCharCode(parseInt(hex, 16)),
	);
}

interface Needle {
	needle: string;
	form: string;
	secret: Secret;
}

export class SecretScanner {
	/** Bytes scanned per source name (the undecoded bytes only). */
	readonly sources = new Map<string, number>();
	readonly hits: SecretHit[] = [];
	private readonly byKey = new Map<string, Needle[]>();
	/** Whether any needle starts with these three bytes: one lookup rules out almost every position. */
	private readonly starts = new Uint8Array(1 << 24);

	constructor(readonly secrets: Secret[]) {
		for (const secret of secrets) {
			if (Buffer.byteLength(secret.value) < KEY)
				throw new Error(`a ${secret.kind} shorter than ${KEY} bytes cannot be searched for`);
			for (const { form, needle } of secretForms(secret.value)) {
				const key = needle.slice(0, KEY);
				this.starts[
					(needle.charCodeAt(0) << 16) | (needle.charCodeAt(1) << 8) | needle.charCodeAt(2)
				] = 1;
				const list = this.byKey.get(key) ?? [];
				list.push({ needle, form, secret });
				this.byKey.set(key, list);
			}
		}
	}

	/** Scans one text or byte string under a source name (several calls with one name add up). */
	scan(source: string, data: string | Buffer, where?: string): SecretHit[] {
		const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
		this.sources.set(source, (this.sources.get(source) ?? 0) + bytes.length);
		const found: SecretHit[] = [];
		const seen = new Set<string>();
		const search = (text: string, via: string) => {
			for (const h of this.find(text)) {
				const key = `${h.secret.value} ${h.form}`;
				if (seen.has(key)) continue;
				seen.add(key);
				found.push({
					source,
					where,
					secret: label(h.secret),
					form: via ? `${h.form} in ${via} text` : h.form,
				});
			}
			for (const pattern of SECRET_PATTERNS) {
				for (const m of text.matchAll(pattern)) {
					if (seen.has(m[0]) || this.secrets.some((s) => m[0].includes(s.value))) continue;
					seen.add(m[0]);
					found.push({
						source,
						where,
						secret: `token-shaped ${m[0].slice(0, 16)}…`,
						form: via ? `pattern in ${via} text` : 'pattern',
					});
				}
			}
		};
		const raw = bytes.toString('latin1');
		search(raw, '');
		const fromBase64 = decodeBase64Runs(raw);
		search(fromBase64, 'base64-decoded');
		if (raw.includes('%')) search(decodePercent(raw), 'URL-decoded');
		if (fromBase64.includes('%')) search(decodePercent(fromBase64), 'base64- and URL-decoded');
		this.hits.push(...found);
		return found;
	}

	/** Scans every file under a folder as raw bytes (symbolic links are not followed); returns the file count. */
	scanFolder(source: string, dir: string): number {
		let files = 0;
		const walk = (path: string) => {
			const stat = lstatSync(path, { throwIfNoEntry: false });
			if (!stat || stat.isSymbolicLink()) return;
			if (stat.isDirectory()) {
				for (const name of readdirSync(path)) walk(join(path, name));
			} else if (stat.isFile()) {
				files += 1;
				this.scan(source, readFileSync(path), relative(dir, path));
			}
		};
		this.sources.set(source, this.sources.get(source) ?? 0);
		walk(dir);
		return files;
	}

	/** The needles found in a latin1 text. */
	private find(text: string): Needle[] {
		const out: Needle[] = [];
		const { starts, byKey } = this;
		for (let i = 0, end = text.length - KEY; i <= end; i++) {
			if (
				!starts[(text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2)]
			)
				continue;
			const candidates = byKey.get(text.slice(i, i + KEY));
			if (!candidates) continue;
			for (const c of candidates) if (text.startsWith(c.needle, i)) out.push(c);
		}
		return out;
	}
}

/**
 * Every string and byte array in a value (a workflow description, a history) as bytes: strings as
 * UTF-8, byte arrays (Temporal payload data) as they are, so no payload hides behind base64.
 */
export function allBytes(value: unknown): Buffer {
	const parts: Buffer[] = [];
	const seen = new Set<object>();
	const walk = (v: unknown) => {
		if (typeof v === 'string') parts.push(Buffer.from(v, 'utf8'), Buffer.from('\n'));
		else if (v instanceof Uint8Array) parts.push(Buffer.from(v), Buffer.from('\n'));
		else if (v && typeof v === 'object' && !seen.has(v)) {
			seen.add(v);
			for (const item of Array.isArray(v) ? v : Object.values(v)) walk(item);
		}
	};
	walk(value);
	return Buffer.concat(parts);
}

/** A secret as reports show it: its kind and first characters. */
const label = (s: Secret) => `${s.kind} ${s.value.slice(0, 8)}…`;
