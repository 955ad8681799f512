import type { Client } from '@temporalio/client';

import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import { importResult, reconcileResult, startImport, startReconcile } from '../../temporal/client';
import type {
	BulkImportResult,
	InvoiceSyncInput,
	InvoiceSyncResult,
	ReconcileResult,
	TaxPolicy,
} from '../../temporal/shared';
import { FAST, fastTenant } from './imports';
import { records, sandboxUrl, seed } from './sandbox';
import {
	bexioExpected,
	cents,
	exact,
	createBexioInvoice,
	createLexofficeDocument,
	lexofficeExpected,
	moneyMismatch,
	type BexioInvoice,
	type LexofficeDocument,
	type MoneyPolicy,
	type RateAmounts,
} from './moneyGenerators';

/**
 * One batch of generated documents through the real jobs and the reconciliation, shared by the money
 * property tests and the chaos suite: an account pair per batch, the documents created in the source
 * sandbox through its API, the sync or import job, then every target document checked by content
 * against the amounts computed from the generated source, and the reconciliation of the batch's month.
 */

/** The rate maps of the policies that map: lexoffice's German rates to Swiss ones and back. */
export const LEXOFFICE_TO_BEXIO_RATES: Record<string, number> = { '19': 8.1, '7': 2.6 };
export const BEXIO_TO_LEXOFFICE_RATES: Record<string, number> = { '8.1': 19, '2.6': 7, '3.8': 7 };

export type Tenant = Awaited<ReturnType<typeof fastTenant>>;

/** A source and a target account for one batch; plain pairs give bexio the German rates 19 % and 7 %. */
export async function accountPair(
	name: string,
	from: 'lexoffice' | 'bexio',
	policy: MoneyPolicy,
	/** lexoffice → bexio, plain and keepGross: bexio rounds EUR totals to 0.05 (as CHF), for the rounding it reports. */
	roundEuro = from === 'lexoffice' && policy !== 'keepNet',
): Promise<{ source: Tenant; target: Tenant }> {
	const to = from === 'lexoffice' ? 'bexio' : 'lexoffice';
	const source = await fastTenant(from, `${name}-${from}`);
	const target = await fastTenant(to, `${name}-${to}`);
	const bexio = from === 'bexio' ? source : target;
	if (policy === 'plain')
		for (const value of ['19', '7']) await seed('bexio', bexio.token, 'sales_taxes', 1, { value });
	if (roundEuro) await roundEuroToFiveCents(bexio.token);
	return { source, target };
}

/**
 * Makes the bexio account round EUR totals to 0.05, as CHF is (bexio's currency `round_factor`,
 * https://docs.bexio.com/#tag/Currencies), so the invoices written carry a `total_rounding_difference`.
 */
async function roundEuroToFiveCents(token: string): Promise<void> {
	const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token, rateLimit: FAST });
	const euro = [...(await bexioCurrencies(token))].find(([, name]) => name === 'EUR')![0];
	await bexio.call('currency.update', {
		path: { currency_id: euro },
		body: { round_factor: 0.05 },
	});
}

const taxPolicyOf = (policy: MoneyPolicy): TaxPolicy | undefined =>
	policy === 'plain' ? undefined : policy;

interface StoredBexioInvoice {
	id: number;
	document_nr: string;
	is_valid_from: string;
	api_reference: string | null;
	currency_id: number;
	total: string;
	total_taxes: string;
	total_rounding_difference: number;
	taxs: Array<{ percentage: string; value: string }>;
	positions: Array<{
		id: number;
		type: string;
		tax_id: number;
		amount: string;
		unit_price: string;
		text: string;
	}>;
}
interface StoredLexofficeDocument {
	id: string;
	taxAmounts: Array<{ taxRatePercentage: number; netAmount: number; taxAmount: number }>;
}
interface StoredVoucher {
	id: string;
	type: string;
	voucherNumber: string;
	totalGrossAmount: number;
	totalTaxAmount: number;
	remark?: string;
}

const seconds = (t0: number, t1: number, t2: number) => ({
	create: (t1 - t0) / 1000,
	job: (t2 - t1) / 1000,
	reconcile: (Date.now() - t2) / 1000,
});

/** Cents of an API amount, half away from zero on its decimal value (-3.845 is -385, not -384). */
const toCents = (v: number | string) => cents(exact(Number(v)));

async function bexioCurrencies(token: string): Promise<Map<number, string>> {
	const list = await records<{ id: number; name: string }>('bexio', token, 'currencies');
	return new Map(list.map((c) => [c.id, c.name]));
}

/** A bexio invoice's amounts as bexio computed them, before rounding the total to the currency's step. */
function bexioTargetAmounts(invoice: StoredBexioInvoice, currencies: Map<number, string>) {
	const gross = toCents(Number(invoice.total) - Number(invoice.total_rounding_difference ?? 0));
	const tax = toCents(invoice.total_taxes);
	return { currency: currencies.get(invoice.currency_id) ?? '?', net: gross - tax, tax, gross };
}

/** Where the lexoffice sandbox's stored tax breakdown differs from the amounts computed here (it must not). */
function lexofficeFidelity(stored: StoredLexofficeDocument, want: RateAmounts[], sign: number) {
	const got = stored.taxAmounts.map((t) => ({
		rate: t.taxRatePercentage,
		net: sign * toCents(t.netAmount),
		tax: sign * toCents(t.taxAmount),
	}));
	const expected = want.map(({ rate, net, tax }) => ({ rate, net, tax }));
	return JSON.stringify(got) === JSON.stringify(expected)
		? undefined
		: `lexoffice computed ${JSON.stringify(got)}, want ${JSON.stringify(expected)}`;
}

export interface BatchOutcome {
	/** Documents the job wrote to the target. */
	synced: number;
	/** Per document whose target breaks the promise: why. */
	mismatches: string[];
	/** Per document the job refused because the target's totals would differ (nothing written): the job's reason. */
	refused: string[];
	/** Per source document whose sandbox totals differ from the generated source's: why. */
	sandboxMismatches: string[];
	/** The reconciliation right after the sync. */
	clean: ReconcileResult;
	/** Source ids → target ids (bexio invoice ids, or lexoffice voucher ids). */
	targets: Map<string, string>;
	/** bexio documents of the batch whose total bexio rounded (`total_rounding_difference` ≠ 0). */
	rounded: number;
	/** Seconds spent creating the sources, in the job, and reconciling. */
	seconds: { create: number; job: number; reconcile: number };
}

export interface BatchContext {
	client: Client;
	taskQueue: string;
	/** The batch's month (yyyy-MM), the reconciliation's period. */
	month: string;
	policy: MoneyPolicy;
	source: Tenant;
	target: Tenant;
}

const lastDay = (month: string) => `${month}-28`;

/** Runs the reconciliation of a batch's month in one direction. */
export async function reconcileBatch(
	ctx: BatchContext,
	direction: 'lexofficeToBexio' | 'bexioToLexoffice',
	runKey: string,
): Promise<ReconcileResult> {
	const [lexoffice, bexio] =
		direction === 'lexofficeToBexio' ? [ctx.source, ctx.target] : [ctx.target, ctx.source];
	const map =
		direction === 'lexofficeToBexio' ? LEXOFFICE_TO_BEXIO_RATES : BEXIO_TO_LEXOFFICE_RATES;
	const policy = taxPolicyOf(ctx.policy);
	const { workflowId } = await startReconcile(ctx.client, {
		lexoffice: lexoffice.ref,
		bexio: bexio.ref,
		from: `${ctx.month}-01`,
		to: lastDay(ctx.month),
		directions: [direction],
		...(policy ? { taxRateMap: { [direction]: map }, taxPolicy: { [direction]: policy } } : {}),
		runKey,
		taskQueue: ctx.taskQueue,
	});
	return reconcileResult(ctx.client, workflowId);
}

/** lexoffice → bexio: creates the documents, runs the invoice sync, checks every bexio invoice, reconciles. */
export async function lexofficeToBexioBatch(
	ctx: BatchContext,
	docs: LexofficeDocument[],
): Promise<BatchOutcome & { sync: InvoiceSyncResult }> {
	const lexoffice = connectLexoffice({
		baseUrl: sandboxUrl('lexoffice'),
		apiKey: ctx.source.token,
		rateLimit: FAST,
	});
	const customer = await lexoffice.call('contact.create', {
		body: { version: 0, roles: { customer: {} }, company: { name: 'Eigenschaften GmbH' } },
	});
	const t0 = Date.now();
	const ids: string[] = [];
	for (const doc of docs)
		ids.push(await createLexofficeDocument(lexoffice, doc, customer.id, ctx.month));
	const policy = taxPolicyOf(ctx.policy);
	const input: InvoiceSyncInput = {
		source: ctx.source.ref,
		target: ctx.target.ref,
		since: '2000-01-01',
		watermarkName: `money-${ctx.target.token.slice(-8)}`,
		...(policy ? { taxRateMap: LEXOFFICE_TO_BEXIO_RATES, taxPolicy: policy } : {}),
	};
	const t1 = Date.now();
	const sync: InvoiceSyncResult = await ctx.client.workflow.execute('invoiceSync', {
		args: [input],
		taskQueue: ctx.taskQueue,
		workflowId: `money-sync-${ctx.target.token.slice(-8)}`,
	});

	const stored = new Map(
		[
			...(await records<StoredLexofficeDocument>('lexoffice', ctx.source.token, 'invoices')),
			...(await records<StoredLexofficeDocument>('lexoffice', ctx.source.token, 'credit-notes')),
		].map((d) => [d.id, d]),
	);
	const written = new Map(
		(await records<StoredBexioInvoice>('bexio', ctx.target.token, 'invoices')).map((i) => [
			i.api_reference,
			i,
		]),
	);
	const currencies = await bexioCurrencies(ctx.target.token);
	const outcome: BatchOutcome = {
		synced: 0,
		mismatches: [],
		refused: [],
		sandboxMismatches: [],
		targets: new Map(),
		rounded: 0,
		seconds: { create: 0, job: 0, reconcile: 0 },
		clean: undefined as never,
	};
	docs.forEach((doc, i) => {
		const want = lexofficeExpected(doc);
		const fidelity = lexofficeFidelity(
			stored.get(ids[i])!,
			want,
			doc.kind === 'creditNote' ? -1 : 1,
		);
		if (fidelity) outcome.sandboxMismatches.push(`${ids[i]}: ${fidelity}`);
		const invoice = written.get(`lexoffice:${ids[i]}`);
		const failure = sync.failures.find((f) => f.sourceId === ids[i])?.reason;
		// Refused by the job's own check of bexio's totals: nothing booked, the reason names the amounts.
		if (!invoice && failure?.includes('nothing was booked'))
			return void outcome.refused.push(`${ids[i]}: ${failure}`);
		if (!invoice)
			return void outcome.mismatches.push(`${ids[i]}: not written to bexio (${failure})`);
		outcome.synced += 1;
		outcome.targets.set(ids[i], String(invoice.id));
		if (Number(invoice.total_rounding_difference)) outcome.rounded += 1;
		const why = moneyMismatch(
			want,
			bexioTargetAmounts(invoice, currencies),
			ctx.policy,
			LEXOFFICE_TO_BEXIO_RATES,
		);
		if (why) outcome.mismatches.push(`${ids[i]}: ${why}`);
	});
	const t2 = Date.now();
	outcome.clean = await reconcileBatch(ctx, 'lexofficeToBexio', 'clean');
	outcome.seconds = seconds(t0, t1, t2);
	return { ...outcome, sync };
}

/** Changes a bexio invoice's first position price by one unit (as a user editing it in bexio would). */
export async function editBexioInvoice(token: string, invoiceId: string): Promise<void> {
	const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token, rateLimit: FAST });
	const invoice = (await records<StoredBexioInvoice>('bexio', token, 'invoices')).find(
		(i) => String(i.id) === invoiceId,
	)!;
	const position = invoice.positions.find((p) => p.type === 'KbPositionCustom')!;
	await bexio.call('invoice.revertIssue', { path: { invoice_id: invoice.id } });
	await bexio.call('documentPosition.updateCustom', {
		path: { kb_document_type: 'kb_invoice', document_id: invoice.id, position_id: position.id },
		body: {
			amount: position.amount,
			unit_price: String(Number((Number(position.unit_price) + 1).toFixed(6))),
			tax_id: position.tax_id,
			text: position.text,
		} as never,
	});
	await bexio.call('invoice.issue', { path: { invoice_id: invoice.id } });
}

/** Deletes a bexio invoice (reverting its issue first, as bexio requires). */
export async function deleteBexioInvoice(token: string, invoiceId: string): Promise<void> {
	const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token, rateLimit: FAST });
	await bexio.call('invoice.revertIssue', { path: { invoice_id: Number(invoiceId) } });
	await bexio.call('invoice.delete', { path: { invoice_id: Number(invoiceId) } });
}

/** bexio → lexoffice: issues the invoices, runs the invoice import, checks every voucher, reconciles. */
export async function bexioToLexofficeBatch(
	ctx: BatchContext,
	invoices: BexioInvoice[],
): Promise<BatchOutcome & { result: BulkImportResult; sourceIds: string[] }> {
	const bexio = connectBexio({
		baseUrl: sandboxUrl('bexio'),
		token: ctx.source.token,
		rateLimit: FAST,
	});
	const contact = (await bexio.call('contact.create', {
		body: { contact_type_id: 1, name_1: 'Eigenschaften AG', user_id: 1, owner_id: 1 },
	})) as { id: number };
	const taxes = (await bexio.call('tax.getAll', {
		query: { types: 'sales_tax', scope: 'active' },
	})) as unknown as Array<{ id: number; value: string | number }>;
	const currencies = await bexioCurrencies(ctx.source.token);
	const ids = {
		contact: contact.id,
		currency: (code: string) => [...currencies].find(([, name]) => name === code)![0],
		tax: (rate: number) => taxes.find((t) => Number(t.value) === rate)!.id,
	};
	// bexio's own EUR rate (base-currency units per EUR), read here to convert the expected amounts.
	const euroRates = (await bexio.call('currency.getExchangeRates', {
		path: { currency_id: ids.currency('EUR') },
	})) as unknown as Array<{ factor_nr: number; ratio: number; exchange_rate_date: string }>;
	const euroRateOn = (day: string) =>
		euroRates
			.filter((r) => r.exchange_rate_date.slice(0, 10) <= day)
			.sort((a, b) => b.exchange_rate_date.localeCompare(a.exchange_rate_date))
			.map((r) => r.factor_nr / (r.ratio || 1))[0];
	const t0 = Date.now();
	const sourceIds: string[] = [];
	for (const invoice of invoices)
		sourceIds.push(await createBexioInvoice(bexio, invoice, ids, ctx.month));
	const policy = taxPolicyOf(ctx.policy);
	const t1 = Date.now();
	const result = await importResult(
		ctx.client,
		(
			await startImport(ctx.client, {
				kind: 'invoices',
				source: ctx.source.ref,
				target: ctx.target.ref,
				runKey: 'money',
				collectiveContact: true,
				...(policy ? { taxRateMap: BEXIO_TO_LEXOFFICE_RATES, taxPolicy: policy } : {}),
				taskQueue: ctx.taskQueue,
			})
		).workflowId,
	);
	const stored = new Map(
		(await records<StoredBexioInvoice>('bexio', ctx.source.token, 'invoices')).map((i) => [
			String(i.id),
			i,
		]),
	);
	const vouchers = new Map(
		(await records<StoredVoucher>('lexoffice', ctx.target.token, 'vouchers')).map((v) => [
			v.voucherNumber,
			v,
		]),
	);
	const outcome: BatchOutcome = {
		synced: 0,
		mismatches: [],
		refused: [],
		sandboxMismatches: [],
		targets: new Map(),
		rounded: 0,
		seconds: { create: 0, job: 0, reconcile: 0 },
		clean: undefined as never,
	};
	invoices.forEach((invoice, i) => {
		const id = sourceIds[i];
		const source = stored.get(id)!;
		const want = bexioExpected(invoice);
		const fidelity = bexioFidelity(source, want);
		if (Number(source.total_rounding_difference)) outcome.rounded += 1;
		if (fidelity) outcome.sandboxMismatches.push(`${id}: ${fidelity}`);
		const voucher = vouchers.get(source.document_nr);
		const failure = result.failures.find((f) => f.sourceId === id)?.reason;
		// Not EUR: converted at bexio's rate of the document date (the rate and the original on the remark).
		const perEuro = invoice.currency === 'EUR' ? 1 : euroRateOn(source.is_valid_from.slice(0, 10));
		if (perEuro === undefined) {
			if (voucher || !failure?.includes(invoice.currency))
				outcome.mismatches.push(
					`${id}: a ${invoice.currency} invoice without a rate was not refused`,
				);
			return;
		}
		if (!voucher)
			return void outcome.mismatches.push(`${id}: not booked in lexoffice (${failure})`);
		if (invoice.currency !== 'EUR' && !voucher.remark?.includes(invoice.currency))
			outcome.mismatches.push(`${id}: the remark does not name the ${invoice.currency} original`);
		outcome.synced += 1;
		outcome.targets.set(id, voucher.id);
		const sign = voucher.type === 'salescreditnote' ? -1 : 1;
		const gross = sign * toCents(voucher.totalGrossAmount);
		const tax = sign * toCents(voucher.totalTaxAmount);
		const inEuro = want.map((g) => ({
			rate: g.rate,
			net: Math.round(g.net / perEuro),
			tax: Math.round(g.tax / perEuro),
			gross: Math.round(g.gross / perEuro),
		}));
		const why = moneyMismatch(
			inEuro,
			{ currency: 'EUR', net: gross - tax, tax, gross },
			ctx.policy,
			BEXIO_TO_LEXOFFICE_RATES,
			'EUR',
			// A converted amount is rounded once more: one more cent per tax rate.
			invoice.currency === 'EUR' ? 1 : 2,
		);
		if (why) outcome.mismatches.push(`${id}: ${why}`);
	});
	const t2 = Date.now();
	outcome.clean = await reconcileBatch(ctx, 'bexioToLexoffice', 'clean');
	outcome.seconds = seconds(t0, t1, t2);
	return { ...outcome, result, sourceIds };
}

/** Where the bexio sandbox's stored VAT per rate and total differ from the amounts computed here. */
function bexioFidelity(stored: StoredBexioInvoice, want: RateAmounts[]): string | undefined {
	const taxes = want.filter((g) => g.rate !== 0).map((g) => ({ rate: g.rate, tax: g.tax }));
	const got = stored.taxs.map((t) => ({ rate: Number(t.percentage), tax: toCents(t.value) }));
	const gross = toCents(Number(stored.total) - Number(stored.total_rounding_difference ?? 0));
	const wantGross = want.reduce((s, g) => s + g.gross, 0);
	const ok =
		JSON.stringify(got) === JSON.stringify(taxes) &&
		Math.abs(gross - wantGross) <= Math.max(1, want.length);
	return ok
		? undefined
		: `bexio computed taxes ${JSON.stringify(got)} and gross ${gross}, want ${JSON.stringify(taxes)} and ${wantGross}`;
}
