import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import { importResult, startImport, type StartImportOptions } from '../../temporal/client';
import {
	checkHistory,
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
} from '../helpers/imports';
import { records, sandboxUrl, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

const h = useImportHarness('articles');

interface LexArticle {
	id: string;
	title: string;
	articleNumber?: string;
	unitName: string;
	type: string;
	price: { netPrice: number; taxRate: number };
}
interface BexioArticle {
	id: number;
	intern_code: string;
	intern_name: string;
	sale_price: string;
	tax_income_id: number | null;
	unit_id: number | null;
	article_type_id: number;
}

const run = async (options: Omit<StartImportOptions, 'kind'>) => {
	const { workflowId } = await startImport(h.env.client, { kind: 'articles', ...options });
	return { workflowId, result: await importResult(h.env.client, workflowId) };
};

describe('bulkImport of articles', () => {
	it('bexio → lexoffice by article number, with the tax rate mapped; without a mapping the article fails with the reason', async () => {
		const source = await fastTenant('bexio', 'art-bexio');
		const target = await fastTenant('lexoffice', 'art-lex');
		await seed('bexio', source.token, 'articles', 30);
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: source.token });
		// A service sold with the reduced Swiss rate, which has no mapping below.
		const reduced = (await bexio.call('tax.getAll', {
			query: { types: 'sales_tax', scope: 'active' },
		})) as unknown as Array<{ id: number; value: string }>;
		const reducedTax = reduced.find((t) => Number(t.value) === 2.6);
		await bexio.call('article.create', {
			body: {
				intern_code: 'SVC-26',
				intern_name: 'Beratung reduziert',
				article_type_id: 2,
				sale_price: '120.00',
				tax_income_id: reducedTax?.id,
			},
		});
		const taskQueue = uniqueQueue('articles-b2l');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			const first = await run({
				source: source.ref,
				target: target.ref,
				runKey: 'first',
				pageSize: 10,
				taxRateMap: { '8.1': 19 },
				taskQueue,
			});
			expect(first.result.stats).toEqual({
				processed: 31,
				created: 30,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 1,
			});
			expect(first.result.failures).toHaveLength(1);
			expect(first.result.failures[0].reason).toContain('2.6 % does not exist in lexoffice');
			expect(first.result.failures[0].reason).toContain('taxRateMap');

			const source30 = await records<BexioArticle>('bexio', source.token, 'articles');
			const lex = await records<LexArticle>('lexoffice', target.token, 'articles');
			expect(lex).toHaveLength(30);
			expect(lex.map((a) => a.articleNumber).sort()).toEqual(
				source30
					.filter((a) => a.intern_code !== 'SVC-26')
					.map((a) => a.intern_code)
					.sort(),
			);
			for (const a of lex)
				expect(a).toMatchObject({
					unitName: 'Stk',
					type: 'PRODUCT',
					price: { netPrice: 10, taxRate: 19 },
				});

			// Re-run: nothing written; the unmapped article still fails, and only it.
			const again = await run({
				source: source.ref,
				target: target.ref,
				runKey: 'again',
				pageSize: 10,
				taxRateMap: { '8.1': 19 },
				taskQueue,
			});
			expect(again.result.stats).toEqual({
				processed: 31,
				created: 0,
				updated: 0,
				unchanged: 30,
				skipped: 0,
				failed: 1,
			});
			expect(await records('lexoffice', target.token, 'articles')).toHaveLength(30);
			await checkHistory(h.env.client.workflow.getHandle(again.workflowId), 'articles-b2l', [
				source.token,
				target.token,
			]);
		});
	}, 120_000);

	it('lexoffice → bexio keeps article numbers, maps 19 % onto a bexio sales tax, and updates only what changed', async () => {
		const source = await fastTenant('lexoffice', 'art-lex-src');
		const target = await fastTenant('bexio', 'art-bexio-tgt');
		await seed('lexoffice', source.token, 'articles', 20);
		const taskQueue = uniqueQueue('articles-l2b');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: target.token });
		const taxes = (await bexio.call('tax.getAll', {
			query: { types: 'sales_tax', scope: 'active' },
		})) as unknown as Array<{ id: number; value: string }>;
		const standard = taxes.find((t) => Number(t.value) === 8.1);

		await runWorkersUntil(workers, async () => {
			const first = await run({
				source: source.ref,
				target: target.ref,
				runKey: 'first',
				pageSize: 8,
				taxRateMap: { '19': 8.1 },
				taskQueue,
			});
			expect(first.result.stats).toEqual({
				processed: 20,
				created: 20,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			const lex = await records<LexArticle>('lexoffice', source.token, 'articles');
			const bex = await records<BexioArticle>('bexio', target.token, 'articles');
			expect(bex).toHaveLength(20);
			const byCode = new Map(bex.map((a) => [a.intern_code, a]));
			for (const a of lex) {
				const b = byCode.get(a.articleNumber ?? '');
				expect(b).toBeDefined();
				expect(b).toMatchObject({
					intern_name: a.title,
					tax_income_id: standard?.id,
					article_type_id: 1,
				});
				expect(Number(b?.sale_price)).toBeCloseTo(a.price.netPrice, 2);
			}

			// One article renamed in lexoffice: the next run updates exactly that one.
			const lexoffice = connectLexoffice({
				baseUrl: sandboxUrl('lexoffice'),
				apiKey: source.token,
			});
			const current = await lexoffice.call('article.get', { path: { id: lex[0].id } });
			const { type, unitName, price, version } = current as unknown as {
				type: 'PRODUCT' | 'SERVICE';
				unitName: string;
				price: { leadingPrice: 'NET'; netPrice: number; taxRate: number };
				version: number;
			};
			await lexoffice.call('article.update', {
				path: { id: lex[0].id },
				body: { ...current, type, unitName, price, version, title: 'Umbenannt' },
			});
			const second = await run({
				source: source.ref,
				target: target.ref,
				runKey: 'second',
				pageSize: 8,
				taxRateMap: { '19': 8.1 },
				taskQueue,
			});
			expect(second.result.stats).toEqual({
				processed: 20,
				created: 0,
				updated: 1,
				unchanged: 19,
				skipped: 0,
				failed: 0,
			});
			const renamed = (await records<BexioArticle>('bexio', target.token, 'articles')).find(
				(a) => a.intern_code === lex[0].articleNumber,
			);
			expect(renamed?.intern_name).toBe('Umbenannt');
		});
	}, 120_000);
});
