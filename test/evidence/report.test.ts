import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildReport, readmeBlock } from './report';

/** The evidence report reads the corpus as it is; the README must name every operation used without evidence. */
describe('evidence report', () => {
	const report = buildReport();
	const level = (api: string, operation: string) =>
		report.operations.find((o) => o.api === api && o.operation === operation)?.level;

	it('ranks live over official sample over spec only over none', () => {
		// invoice.get has a live recording and documentation samples; invoice.create only official samples.
		expect(level('lexoffice', 'invoice.get')).toBe('live');
		expect(level('lexoffice', 'invoice.create')).toBe('official sample');
		expect(level('lexoffice', 'article.delete')).toBe('spec only');
		const counts = report.counts.lexoffice;
		expect(counts.live + counts['official sample'] + counts['spec only'] + counts.none).toBe(
			report.operations.filter((o) => o.api === 'lexoffice').length,
		);
	});

	it('finds the operations the jobs and the templates use', () => {
		const used = (api: string, operation: string) =>
			report.operations.find((o) => o.api === api && o.operation === operation)?.usedBy ?? [];
		expect(used('lexoffice', 'voucherlist.getAll')).toContain('job');
		expect(used('lexoffice', 'voucher.attachFile')).toContain('job');
		expect(used('lexoffice', 'eventSubscription.create')).toContain(
			'workflows/lexoffice-crm-sync-to-bexio.json',
		);
		expect(report.unmapped).toEqual([]);
	});

	it('the README names every operation a job or a template uses without live or official-sample evidence', () => {
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		const block = /<!-- evidence:start -->[\s\S]*<!-- evidence:end -->/.exec(readme)?.[0] ?? '';
		const missing = report.unverifiedUsed.filter((key) => {
			const [api, operation] = key.split(':');
			return !block.split('\n').some((line) => line.startsWith(`| ${api} | \`${operation}\` |`));
		});
		expect(missing).toEqual([]);
		// Regenerate with `npm run -s evidence -- --readme` when this differs.
		expect(block).toBe(readmeBlock(report));
	});
});
