import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Comments cite what a reader can open: the official docs (https://docs.bexio.com/,
 * https://developers.lexware.io/docs/) or the fact itself. Section numbers of notes that are not part of
 * this repository ("reference 3.4", "(lexoffice 3.2)", "conventions §9") say nothing to a reader.
 */
const root = join(__dirname, '..', '..');
const FOLDERS = [
	'clients',
	'nodes',
	'temporal',
	'credentials',
	'sandbox',
	'test',
	'bench',
	'scripts',
];
const CITATIONS = [
	/\breference (?:bexio |lexoffice )?§?\d+(?:\.\d+)?/i,
	/\bconventions §/i,
	/\b(?:reference|lexoffice|bexio) §\d/i,
	/\((?:lexoffice|bexio) \d+(?:\.\d+)?(?:[),;]| and )/i,
	/\((?:lexoffice|bexio) \d+\.\d+\b(?! ?(?:route|list|banking|document|resource|purchase|endpoint|path|famil))/i,
];

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory())
			return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
		return /\.(ts|js)$/.test(entry.name) ? [path] : [];
	});
}

describe('documentation citations', () => {
	it('finds one citation of each form it guards against', () => {
		const samples = [
			'(reference 3.4)',
			'see conventions §9',
			'(lexoffice 3.2)',
			'(bexio 4.7, 5.8)',
			'reference bexio §4.6',
		];
		for (const sample of samples)
			expect(CITATIONS.some((pattern) => pattern.test(sample))).toBe(true);
		for (const fine of [
			'(bexio 4.0 banking lists)',
			'(lexoffice 5 MB files, bexio 12 MB)',
			'the reference number',
		])
			expect(CITATIONS.some((pattern) => pattern.test(fine))).toBe(false);
	});

	it('no source file nor the README cites section numbers of notes readers do not have', () => {
		const self = relative(root, __filename);
		const found: string[] = [];
		for (const file of [
			...FOLDERS.flatMap((folder) => sourceFiles(join(root, folder))),
			join(root, 'README.md'),
		]) {
			if (relative(root, file) === self) continue;
			readFileSync(file, 'utf8')
				.split('\n')
				.forEach((line, index) => {
					if (CITATIONS.some((pattern) => pattern.test(line)))
						found.push(`${relative(root, file)}:${index + 1}: ${line.trim()}`);
				});
		}
		expect(found).toEqual([]);
	});
});
