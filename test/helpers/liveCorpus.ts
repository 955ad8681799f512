import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The live-evidence corpus: one JSON file per recorded exchange under
 * test/fixtures/live/<api>/<source>/<name>.json, each naming the catalog operation it exercises and where
 * it came from. Bodies are the source's own (personal data redacted keeping types and shapes).
 */
export type EvidenceKind = 'live' | 'official sample';

export interface Provenance {
	repository: string | null;
	path: string | null;
	commit: string | null;
	url: string | null;
	retrieved: string;
	licence: string;
	redacted?: boolean;
	note?: string;
}

export interface RecordedExchange {
	operation: string;
	kind: EvidenceKind;
	provenance: Provenance;
	request?: { method: string; path: string; query?: Record<string, string>; body?: unknown };
	/** `status` is null where the source shows the body but not the status (documentation samples). */
	response?: { status: number | null; body: unknown };
	/** Where the file lives, relative to the corpus root: `<api>/<source>/<name>.json`. */
	file: string;
	api: string;
	source: string;
}

export const CORPUS_ROOT = join(__dirname, '..', 'fixtures', 'live');

function jsonFiles(dir: string): string[] {
	let entries: string[];
	try {
		entries = readdirSync(dir);
	} catch {
		return [];
	}
	return entries.flatMap((name) => {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) return jsonFiles(full);
		return name.endsWith('.json') ? [full] : [];
	});
}

/** Every recorded exchange of one API (`lexoffice`, `bexio`), or of all of them. */
export function loadCorpus(api?: string): RecordedExchange[] {
	return jsonFiles(api ? join(CORPUS_ROOT, api) : CORPUS_ROOT)
		.sort()
		.map((full) => {
			const file = relative(CORPUS_ROOT, full).split('\\').join('/');
			const [apiName, source] = file.split('/');
			const data = JSON.parse(readFileSync(full, 'utf8')) as Omit<
				RecordedExchange,
				'file' | 'api' | 'source'
			>;
			return { ...data, file, api: apiName, source };
		});
}

/** `{id}` values of a catalog path read back from a concrete request path, or undefined when they do not match. */
export function pathParams(template: string, concrete: string): Record<string, string> | undefined {
	const t = template.split('/');
	const c = concrete.split('/');
	if (t.length !== c.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < t.length; i++) {
		const m = /^\{(.+)\}$/.exec(t[i]);
		if (m) params[m[1]] = decodeURIComponent(c[i]);
		else if (t[i] !== c[i]) return undefined;
	}
	return params;
}
