import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { Catalog } from '../../clients/catalog';
import { bexioCatalog } from '../../clients/bexio/catalog';
import { lexofficeCatalog } from '../../clients/lexoffice/catalog';
import { loadCorpus, type RecordedExchange } from '../helpers/liveCorpus';
import { SPEC_ONLY } from './specOnly';

/**
 * `npm run -s evidence`: for every catalog operation of both APIs, the strongest evidence behind it:
 * `live` (recorded from the live API) > `official sample` (the vendor's documentation or Postman
 * samples) > `spec only` (documented, but no body to check against) > `none`. Also which operations a
 * job (temporal/) or a template (workflows/*.json) uses without live or official-sample evidence.
 */
export type Level = 'live' | 'official sample' | 'spec only' | 'none';
export const LEVELS: Level[] = ['live', 'official sample', 'spec only', 'none'];

const root = join(__dirname, '..', '..');
export const CATALOGS: Record<string, Catalog> = {
	lexoffice: lexofficeCatalog,
	bexio: bexioCatalog,
};
const PACKAGE = 'n8n-nodes-bexio-lexoffice.';

export interface OperationEvidence {
	api: string;
	operation: string;
	request: string;
	level: Level;
	/** Corpus sources (`source ×count`) or the documentation a spec-only entry cites. */
	sources: string;
	usedBy: string[];
}

export interface EvidenceReport {
	operations: OperationEvidence[];
	counts: Record<string, Record<Level, number>>;
	/** `api:operation` used by a job or a template with no more than spec-only evidence. */
	unverifiedUsed: string[];
	/** Operations a template names that no catalog has. */
	unmapped: string[];
}

function files(dir: string, ext: string): string[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	return names.flatMap((name) => {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) return files(full, ext);
		return name.endsWith(ext) && !name.endsWith('.d.ts') ? [full] : [];
	});
}

/** Catalog ids written as string literals in a source file, for each API the file is about. */
function idsInSource(file: string): Array<{ api: string; id: string }> {
	const text = readFileSync(file, 'utf8');
	const about = `${file} ${text}`.toLowerCase();
	const literals = new Set(
		[...text.matchAll(/['"`]([a-zA-Z]+\.[a-zA-Z]+)['"`]/g)].map((m) => m[1]),
	);
	return Object.entries(CATALOGS).flatMap(([api, catalog]) =>
		about.includes(api)
			? [...literals].filter((id) => id in catalog).map((id) => ({ api, id }))
			: [],
	);
}

/** `api:operation` → what uses it: `job` for anything under temporal/, the template file otherwise. */
export function usedOperations(): { used: Map<string, Set<string>>; unmapped: string[] } {
	const used = new Map<string, Set<string>>();
	const unmapped: string[] = [];
	const add = (api: string, id: string, by: string) => {
		const key = `${api}:${id}`;
		if (!used.has(key)) used.set(key, new Set());
		used.get(key)!.add(by);
	};
	for (const file of files(join(root, 'temporal'), '.ts'))
		for (const { api, id } of idsInSource(file)) add(api, id, 'job');
	const nodeFolders = readdirSync(join(root, 'nodes'));
	for (const file of files(join(root, 'workflows'), '.json')) {
		const name = relative(root, file).split('\\').join('/');
		const workflow = JSON.parse(readFileSync(file, 'utf8')) as {
			nodes?: Array<{ type?: string; parameters?: Record<string, unknown> }>;
		};
		for (const node of workflow.nodes ?? []) {
			if (!node.type?.startsWith(PACKAGE)) continue;
			const type = node.type.slice(PACKAGE.length);
			const { resource, operation } = node.parameters ?? {};
			if (type in CATALOGS) {
				const id = `${String(resource)}.${String(operation)}`;
				if (id in CATALOGS[type]) add(type, id, name);
				else unmapped.push(`${type}:${id} (${name})`);
				continue;
			}
			// Triggers and the jobs node: whatever their own source calls.
			const folder = nodeFolders.find((f) => f.toLowerCase() === type.toLowerCase());
			if (folder)
				for (const src of files(join(root, 'nodes', folder), '.ts'))
					for (const { api, id } of idsInSource(src)) add(api, id, name);
		}
	}
	return { used, unmapped };
}

function levelOf(exchanges: RecordedExchange[], specOnly: string | undefined): Level {
	if (exchanges.some((e) => e.kind === 'live')) return 'live';
	if (exchanges.some((e) => e.kind === 'official sample')) return 'official sample';
	return specOnly ? 'spec only' : 'none';
}

export function buildReport(): EvidenceReport {
	const corpus = loadCorpus();
	const { used, unmapped } = usedOperations();
	const operations: OperationEvidence[] = [];
	for (const [api, catalog] of Object.entries(CATALOGS)) {
		for (const [id, op] of Object.entries(catalog)) {
			const exchanges = corpus.filter((e) => e.api === api && e.operation === id);
			const level = levelOf(exchanges, SPEC_ONLY[api]?.[id]);
			const bySource = new Map<string, number>();
			for (const e of exchanges)
				bySource.set(`${e.source} (${e.kind})`, (bySource.get(`${e.source} (${e.kind})`) ?? 0) + 1);
			const sources = exchanges.length
				? [...bySource].map(([s, n]) => `${s} ×${n}`).join(', ')
				: (SPEC_ONLY[api]?.[id] ?? '');
			operations.push({
				api,
				operation: id,
				request: `${op.method} ${op.path}`,
				level,
				sources,
				usedBy: [...(used.get(`${api}:${id}`) ?? [])].sort(),
			});
		}
	}
	const counts = Object.fromEntries(
		Object.keys(CATALOGS).map((api) => [
			api,
			Object.fromEntries(
				LEVELS.map((l) => [l, operations.filter((o) => o.api === api && o.level === l).length]),
			) as Record<Level, number>,
		]),
	);
	const unverifiedUsed = operations
		.filter((o) => o.usedBy.length > 0 && (o.level === 'spec only' || o.level === 'none'))
		.map((o) => `${o.api}:${o.operation}`);
	return { operations, counts, unverifiedUsed, unmapped };
}

/** One line per operation, then one JSON line of counts per API and level. */
export function reportLines(report: EvidenceReport): string[] {
	const width = Math.max(...report.operations.map((o) => o.operation.length));
	const lines = report.operations.map(
		(o) =>
			`${o.api.padEnd(9)} ${o.operation.padEnd(width)}  ${o.level.padEnd(15)}  ${o.request}${o.usedBy.length ? `  [used by ${o.usedBy.join(', ')}]` : ''}${o.sources ? `  — ${o.sources}` : ''}`,
	);
	lines.push(
		JSON.stringify({
			...report.counts,
			unverified_used: report.unverifiedUsed,
			unmapped_template_operations: report.unmapped,
		}),
	);
	return lines;
}

const START = '<!-- evidence:start -->';
const END = '<!-- evidence:end -->';

/** The README block between the evidence markers: counts and the operations used without evidence. */
export function readmeBlock(report: EvidenceReport): string {
	const rows = report.operations.filter((o) =>
		report.unverifiedUsed.includes(`${o.api}:${o.operation}`),
	);
	const counts = Object.entries(report.counts).map(
		([api, c]) => `| ${api} | ${LEVELS.map((l) => c[l]).join(' | ')} |`,
	);
	return [
		START,
		'| API | live | official sample | spec only | none |',
		'| --- | ---: | ---: | ---: | ---: |',
		...counts,
		'',
		rows.length
			? 'Used by a job or a template, but backed by no recorded live exchange and no official sample (unverified):'
			: 'Every operation a job or a template uses is backed by a recorded live exchange or an official sample.',
		'',
		...(rows.length
			? [
					'| API | operation | request | evidence | used by |',
					'| --- | --- | --- | --- | --- |',
					...rows.map(
						(o) =>
							`| ${o.api} | \`${o.operation}\` | \`${o.request}\` | ${o.level} | ${o.usedBy.join(', ')} |`,
					),
				]
			: []),
		END,
	].join('\n');
}

export function updateReadme(report: EvidenceReport, readme = join(root, 'README.md')): void {
	const text = readFileSync(readme, 'utf8');
	const i = text.indexOf(START);
	const j = text.indexOf(END);
	if (i < 0 || j < 0) throw new Error('README.md lacks the evidence markers');
	writeFileSync(readme, text.slice(0, i) + readmeBlock(report) + text.slice(j + END.length));
}

export function main(args: string[]): void {
	const report = buildReport();
	if (args.includes('--readme')) updateReadme(report);
	process.stdout.write(`${reportLines(report).join('\n')}\n`);
}
