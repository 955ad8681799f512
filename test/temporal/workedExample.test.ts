import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { connectLexoffice } from '../../clients/lexoffice';
import type { InvoiceSyncInput, InvoiceSyncResult, ReconcileResult } from '../../temporal/shared';
import { FAST, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { accountPair, reconcileBatch, type BatchContext } from '../helpers/moneyRuns';
import { records, sandboxUrl } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/**
 * The README's worked example (section "Durable jobs (Temporal)", between the worked-example markers),
 * run for real: one EUR lexoffice invoice with a 19 % and a 7 % line and a total discount, synced to a
 * bexio account that has neither rate under keepGross. The block is rendered from this run's records and
 * must equal the README's, so the README cannot drift (BLX_WRITE_README=1 writes it instead).
 */

const h = useImportHarness('worked-example');
const README = join(__dirname, '..', '..', 'README.md');
const START = '<!-- worked-example:start -->';
const END = '<!-- worked-example:end -->';
const TAX_RATE_MAP = { '19': 8.1, '7': 2.6 };

const LINES = [
	{ name: 'Beratung', quantity: 2, netAmount: 50, rate: 19 },
	{ name: 'Fachbuch', quantity: 1, netAmount: 30, rate: 7 },
];
const TOTAL_DISCOUNT_PERCENT = 5;

interface LexInvoice {
	id: string;
	voucherNumber: string;
	taxAmounts: Array<{ taxRatePercentage: number; netAmount: number; taxAmount: number }>;
	totalPrice: { totalNetAmount: number; totalTaxAmount: number; totalGrossAmount: number };
}
interface BexioInvoice {
	mwst_is_net: boolean;
	total: string;
	total_taxes: string;
	total_rounding_difference: number;
	taxs: Array<{ percentage: string; value: string }>;
	positions: Array<{
		type: string;
		text: string;
		amount?: string;
		unit_price?: string;
		tax_value?: string;
		value?: string;
		is_percentual?: boolean;
		position_total?: string;
		discount_total?: string;
	}>;
}

const money = (n: number | string) => Number(n).toFixed(2);
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

/** The README block: source lines, lexoffice's figures per rate, the bexio positions, bexio's figures, the report entry. */
function render(
	source: LexInvoice,
	target: BexioInvoice,
	sync: InvoiceSyncResult,
	reconciled: ReconcileResult,
): string {
	const items = target.positions.filter((p) => p.type === 'KbPositionCustom');
	const discount = target.positions.find((p) => p.type === 'KbPositionDiscount');
	const base = (rate: number) =>
		items
			.filter((p) => Number(p.tax_value) === rate)
			.reduce((s, p) => s + Number(p.position_total), 0);
	const itemsTotal = items.reduce((s, p) => s + Number(p.position_total), 0);
	const afterDiscount = (rate: number) =>
		base(rate) - (Number(discount?.discount_total ?? 0) * base(rate)) / itemsTotal;
	const adjustment = sync.adjustments[0];
	const summary = reconciled.rows.filter((r) => r.row === 'summary');
	return [
		START,
		`lexoffice invoice ${source.voucherNumber}, priced net, total discount ${TOTAL_DISCOUNT_PERCENT} %:`,
		'',
		row(['Line', 'Quantity', 'Unit price (net)', 'Rate']),
		row(['---', '---', '---', '---']),
		...LINES.map((l) => row([l.name, l.quantity, money(l.netAmount), `${l.rate} %`])),
		'',
		'lexoffice computes per rate (after the discount):',
		'',
		row(['Rate', 'Net', 'Tax', 'Gross']),
		row(['---', '---', '---', '---']),
		...[...source.taxAmounts]
			.sort((a, b) => b.taxRatePercentage - a.taxRatePercentage)
			.map((t) =>
				row([
					`${t.taxRatePercentage} %`,
					money(t.netAmount),
					money(t.taxAmount),
					money(t.netAmount + t.taxAmount),
				]),
			),
		row([
			'Total',
			money(source.totalPrice.totalNetAmount),
			money(source.totalPrice.totalTaxAmount),
			money(source.totalPrice.totalGrossAmount),
		]),
		'',
		`The job writes a bexio invoice priced gross (\`mwst_is_net\` ${target.mwst_is_net}) at the mapped rates:`,
		'',
		row(['Position', 'Amount', 'Unit price (gross)', 'bexio tax']),
		row(['---', '---', '---', '---']),
		...items.map((p) =>
			row([p.text, Number(p.amount), money(p.unit_price!), `${Number(p.tax_value)} %`]),
		),
		...(discount ? [row([discount.text, '', `${Number(discount.value)} %`, ''])] : []),
		'',
		'bexio computes (VAT contained in the gross, on 4 decimals):',
		'',
		row(['Rate', 'Gross', 'Tax']),
		row(['---', '---', '---']),
		...target.taxs.map((t) =>
			row([`${Number(t.percentage)} %`, afterDiscount(Number(t.percentage)).toFixed(3), t.value]),
		),
		row([
			'Total',
			(itemsTotal - Number(discount?.discount_total ?? 0)).toFixed(3),
			target.total_taxes,
		]),
		'',
		`bexio rounds the total to the currency's step: \`total\` ${money(target.total)} (\`total_rounding_difference\` ${target.total_rounding_difference}).`,
		'',
		`The job's result lists the document under \`adjustments\` (policy \`${adjustment.policy}\`):`,
		'',
		'```',
		adjustment.reason,
		'```',
		'',
		`and the reconciliation with the same map and policy reports ${reconciled.totals.differences} differences: ${summary
			.map(
				(r) =>
					`${r.taxRate} % → ${r.targetTaxRate} % gross ${r.sourceGross} / ${r.targetGross} (${r.taxPolicy})`,
			)
			.join(', ')}.`,
		END,
	].join('\n');
}

describe('README worked example', () => {
	it('one EUR invoice at 19 % and 7 % with a total discount lands in bexio under keepGross with the numbers the README shows', async () => {
		const { source, target } = await accountPair('worked-example', 'lexoffice', 'keepGross', false);
		const lexoffice = connectLexoffice({
			baseUrl: sandboxUrl('lexoffice'),
			apiKey: source.token,
			rateLimit: FAST,
		});
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Beispiel GmbH' } },
		});
		const { id } = await lexoffice.call('invoice.create', {
			query: { finalize: true },
			body: {
				voucherDate: '2026-03-02T00:00:00.000+01:00',
				address: { contactId: customer.id },
				lineItems: LINES.map((l) => ({
					type: 'custom',
					name: l.name,
					quantity: l.quantity,
					unitName: 'Stück',
					unitPrice: { currency: 'EUR', netAmount: l.netAmount, taxRatePercentage: l.rate },
				})),
				totalPrice: { currency: 'EUR', totalDiscountPercentage: TOTAL_DISCOUNT_PERCENT },
				taxConditions: { taxType: 'net' },
				shippingConditions: { shippingType: 'none' },
			} as never,
		});
		const taskQueue = uniqueQueue('worked-example');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const ctx: BatchContext = {
			client: h.env.client,
			taskQueue,
			month: '2026-03',
			policy: 'keepGross',
			source,
			target,
		};
		const { sync, reconciled } = await runWorkersUntil(workers, async () => {
			const input: InvoiceSyncInput = {
				source: source.ref,
				target: target.ref,
				since: '2000-01-01',
				taxRateMap: TAX_RATE_MAP,
				taxPolicy: 'keepGross',
			};
			const result: InvoiceSyncResult = await h.env.client.workflow.execute('invoiceSync', {
				args: [input],
				taskQueue,
				workflowId: `worked-example-${target.token.slice(-8)}`,
			});
			return { sync: result, reconciled: await reconcileBatch(ctx, 'lexofficeToBexio', 'clean') };
		});
		expect(sync.stats).toMatchObject({ created: 1, failed: 0 });
		const [invoice] = await records<LexInvoice>('lexoffice', source.token, 'invoices');
		expect(invoice.id).toBe(id);
		const [written] = await records<BexioInvoice>('bexio', target.token, 'invoices');
		// keepGross: the customer owes what lexoffice says.
		expect(money(written.total)).toBe(money(invoice.totalPrice.totalGrossAmount));
		expect(reconciled.totals.differences).toBe(0);

		const block = render(invoice, written, sync, reconciled);
		const readme = readFileSync(README, 'utf8');
		const i = readme.indexOf(START);
		const j = readme.indexOf(END);
		if (process.env.BLX_WRITE_README === '1' && i >= 0 && j > i)
			writeFileSync(README, readme.slice(0, i) + block + readme.slice(j + END.length));
		expect(i).toBeGreaterThanOrEqual(0);
		expect(readme.slice(i, j + END.length)).toBe(block);
	}, 120_000);
});
