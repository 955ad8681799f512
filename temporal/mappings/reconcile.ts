import { convertPerTaxRate, parseConversion, round } from './money';

/**
 * The reconciliation of linked invoices between lexoffice and bexio: pure, no I/O. Each side's document
 * becomes its amounts per tax rate in integer cents (no float drift when thousands of documents are
 * added up); the comparison answers per currency and tax rate what both sides hold for linked
 * documents, the documents found on one side only, and the linked pairs whose amounts differ. Amounts
 * leave as decimal text ("119.00"), exact to the cent.
 */

/** The two invoice directions the jobs write: invoiceSync / invoice import lexoffice → bexio, invoice import bexio → lexoffice. */
export type ReconcileDirection = 'lexofficeToBexio' | 'bexioToLexoffice';
export const RECONCILE_DIRECTIONS: readonly ReconcileDirection[] = [
	'lexofficeToBexio',
	'bexioToLexoffice',
];

/** Net, tax and gross at one tax rate, in cents, signed (a credit note is negative). */
export interface RateCents {
	rate: number;
	net: number;
	tax: number;
	gross: number;
	/** Source rates a map sent to one target rate, compared as one: how many were rounded (default 1). */
	roundings?: number;
}

/** One document of either side as the comparison sees it. */
export interface DocumentCents {
	id: string;
	/** Voucher or document number, for people reading the report. */
	number?: string;
	/** Document date, yyyy-MM-dd. */
	date?: string;
	/** ISO 4217, upper case. */
	currency: string;
	byRate: RateCents[];
	/**
	 * bexio only: what bexio added to the total when rounding it to the currency's round_factor (its
	 * `total_rounding_difference`, e.g. -2 for 100.02 → 100.00 CHF). `byRate` holds the amounts before
	 * that rounding.
	 */
	rounding?: number;
}

/**
 * A source document of the period: linked to a target that exists, linked to one that is gone, or not
 * linked at all.
 */
export interface SourceEntry {
	direction: ReconcileDirection;
	source: DocumentCents;
	/** The link's target id, when there is a link. */
	targetId?: string;
	/** The linked target as read now; absent when unlinked or gone. */
	target?: DocumentCents;
	/** Why a linked target does not count (e.g. cancelled); default: it is gone. */
	targetMissing?: string;
}

/** A target document of the period no source of the period links to. */
export interface TargetEntry {
	direction: ReconcileDirection;
	target: DocumentCents;
}

/** What a job promised for a rate it mapped (as the jobs' taxPolicy): keepGross the gross, keepNet the net. */
export type ReconcileTaxPolicy = 'fail' | 'keepGross' | 'keepNet';

export interface ReconcileOptions {
	/** Source rate (%) → target rate (%) the jobs mapped (as their taxRateMap), per direction; aligns the rows. */
	taxRateMap?: Partial<Record<ReconcileDirection, Record<string, number>>>;
	/** The tax policy the jobs wrote mapped rates with, per direction; a pair at a mapped rate is compared on what it promises. */
	taxPolicy?: Partial<Record<ReconcileDirection, ReconcileTaxPolicy>>;
}

export type ReconcileRowKind = 'summary' | 'sourceOnly' | 'targetOnly' | 'difference';

/** One row of the report: an n8n item, a CSV line. Amounts as decimal text; absent where a side has none. */
export interface ReconcileRow {
	row: ReconcileRowKind;
	direction: ReconcileDirection;
	currency: string;
	/** The source's rate; a target rate the job's taxRateMap mapped is shown as `targetTaxRate`. */
	taxRate: number;
	targetTaxRate?: number;
	/** At a mapped rate: the policy the comparison applied (keepGross compares the gross only, keepNet the net only). */
	taxPolicy?: ReconcileTaxPolicy;
	sourceId?: string;
	sourceNumber?: string;
	targetId?: string;
	targetNumber?: string;
	date?: string;
	/** Why a document is on one side only. */
	reason?: string;
	sourceCount?: number;
	sourceNet?: string;
	sourceTax?: string;
	sourceGross?: string;
	targetCount?: number;
	targetNet?: string;
	targetTax?: string;
	targetGross?: string;
	/** target − source. */
	differenceNet?: string;
	differenceTax?: string;
	differenceGross?: string;
}

export interface ReconcileReport {
	rows: ReconcileRow[];
	/** Counts of the rows by kind; `differences` counts differing pairs (not rates). */
	totals: { linked: number; sourceOnly: number; targetOnly: number; differences: number };
}

/** Cents of an amount given in currency units (a number or decimal text), rounded half away from zero. */
export function toCents(value: number | string | null | undefined): number {
	const n = typeof value === 'string' ? Number(value) : (value ?? 0);
	if (!Number.isFinite(n)) return 0;
	return Math.round(round(n, 2) * 100);
}

/** "1234.50", "-0.05": cents as decimal text. */
export function centsText(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v ?? 0) || 0);
const day = (d: unknown) => (typeof d === 'string' && d ? d.slice(0, 10) : undefined);

/** A finalised lexoffice invoice, credit note or down payment invoice; a credit note counts negative. */
export interface LexofficeSalesDocument {
	id: string;
	voucherNumber?: string | null;
	voucherDate?: string | null;
	totalPrice?: {
		currency?: string | null;
		totalNetAmount?: number | null;
		totalTaxAmount?: number | null;
		totalGrossAmount?: number | null;
	} | null;
	taxAmounts?: Array<{
		taxRatePercentage?: number | null;
		netAmount?: number | null;
		taxAmount?: number | null;
	}> | null;
}

export function lexofficeSalesDocumentCents(
	doc: LexofficeSalesDocument,
	voucherType: string,
): DocumentCents {
	const sign = voucherType === 'creditnote' ? -1 : 1;
	const byRate = (doc.taxAmounts ?? []).map((t) =>
		rateCents(num(t.taxRatePercentage), sign * toCents(t.netAmount), sign * toCents(t.taxAmount)),
	);
	// Without lexoffice's breakdown (no priced lines), the totals stand at 0 %.
	if (!byRate.length)
		byRate.push(
			rateCents(
				0,
				sign * toCents(doc.totalPrice?.totalNetAmount),
				sign * toCents(doc.totalPrice?.totalTaxAmount),
			),
		);
	return document(
		doc.id,
		doc.voucherNumber,
		doc.voucherDate,
		(doc.totalPrice?.currency ?? 'EUR').toUpperCase(),
		byRate,
	);
}

/** A lexoffice bookkeeping voucher (what the bexio → lexoffice import books); `salescreditnote` counts negative. */
export interface LexofficeBookkeepingVoucher {
	id: string;
	type?: string | null;
	voucherNumber?: string | null;
	voucherDate?: string | null;
	taxType?: string | null;
	voucherItems?: Array<{
		amount?: number | null;
		taxAmount?: number | null;
		taxRatePercent?: number | null;
	}> | null;
}

export function lexofficeVoucherCents(voucher: LexofficeBookkeepingVoucher): DocumentCents {
	const sign = voucher.type === 'salescreditnote' || voucher.type === 'purchasecreditnote' ? -1 : 1;
	const gross = voucher.taxType === 'gross';
	const byRate: RateCents[] = [];
	for (const item of voucher.voucherItems ?? []) {
		const amount = toCents(item.amount);
		const tax = toCents(item.taxAmount);
		byRate.push(
			rateCents(num(item.taxRatePercent), sign * (gross ? amount - tax : amount), sign * tax),
		);
	}
	// lexoffice books in EUR only.
	return document(voucher.id, voucher.voucherNumber, voucher.voucherDate, 'EUR', byRate);
}

/** A bexio invoice as GET /2.0/kb_invoice/{id} answers it (with positions and its tax breakdown `taxs`). */
export interface BexioInvoiceDocument {
	id: number | string;
	document_nr?: string | null;
	is_valid_from?: string | null;
	currency_id?: number | null;
	mwst_type?: number | null;
	mwst_is_net?: boolean | null;
	total?: string | number | null;
	total_taxes?: string | number | null;
	total_rounding_difference?: string | number | null;
	taxs?: Array<{ percentage?: string | number | null; value?: string | number | null }> | null;
	positions?: Array<{
		type: string;
		tax_value?: string | number | null;
		position_total?: string | number | null;
		is_optional?: boolean | null;
		is_percentual?: boolean | null;
		value?: string | number | null;
		discount_total?: string | number | null;
	}> | null;
}

/**
 * Per bexio rate: the positions' bases after document discounts (spread over the rates as bexio does),
 * net of tax when the document is priced gross; the tax per rate from bexio's own `taxs`. The sign is the
 * document's (a credit note written by invoiceSync has negative quantities).
 */
export function bexioInvoiceCents(
	invoice: BexioInvoiceDocument,
	currencyCodeById: Map<number, string>,
): DocumentCents {
	const taxed = Number(invoice.mwst_type ?? 0) === 0;
	const pricesNet = invoice.mwst_is_net !== false;
	const bases = new Map<number, number>();
	for (const p of invoice.positions ?? []) {
		if (p.type === 'KbPositionCustom' || p.type === 'KbPositionArticle') {
			if (p.is_optional === true) continue;
			const rate = taxed ? num(p.tax_value) : 0;
			bases.set(rate, (bases.get(rate) ?? 0) + num(p.position_total));
		} else if (p.type === 'KbPositionDiscount') {
			const base = [...bases.values()].reduce((s, v) => s + v, 0);
			const discount =
				p.discount_total !== null && p.discount_total !== undefined
					? num(p.discount_total)
					: p.is_percentual
						? (base * num(p.value)) / 100
						: num(p.value);
			if (base !== 0)
				for (const [rate, amount] of bases) bases.set(rate, amount - (discount * amount) / base);
		}
	}
	const taxByRate = new Map<number, number>();
	for (const t of invoice.taxs ?? [])
		taxByRate.set(num(t.percentage), (taxByRate.get(num(t.percentage)) ?? 0) + num(t.value));
	const byRate: RateCents[] = [];
	for (const [rate, base] of [...bases].sort((a, b) => a[0] - b[0])) {
		// bexio's `taxs` carries positive values; the base carries the document's sign.
		const tax = (base < 0 ? -1 : 1) * Math.abs(taxByRate.get(rate) ?? 0);
		const net = taxed && !pricesNet ? base - tax : base;
		byRate.push(rateCents(rate, toCents(net), toCents(tax)));
	}
	const currency =
		invoice.currency_id === null || invoice.currency_id === undefined
			? 'CHF'
			: (currencyCodeById.get(invoice.currency_id) ?? `currency ${invoice.currency_id}`);
	const doc = document(
		String(invoice.id),
		invoice.document_nr,
		invoice.is_valid_from,
		currency.toUpperCase(),
		byRate,
	);
	const rounding = toCents(invoice.total_rounding_difference);
	return rounding ? { ...doc, rounding } : doc;
}

/**
 * A bexio document converted to EUR by the invoice import, as its voucher books it: each rate converted at
 * the rate the voucher's remark records, the way the import converts (convertPerTaxRate, net or gross as
 * the voucher is priced). Unchanged when the remark records no conversion from the document's currency.
 */
export function convertedByRemark(
	source: DocumentCents,
	voucher: { remark?: string | null; taxType?: string | null },
): DocumentCents {
	const recorded = parseConversion(voucher.remark);
	if (!recorded || recorded.rate.from !== source.currency) return source;
	const byRate = convertPerTaxRate(
		source.byRate.map((r) => ({ rate: r.rate, net: r.net / 100, gross: r.gross / 100 })),
		recorded.rate.rate,
		voucher.taxType === 'gross' ? 'gross' : 'net',
	).map((r) => rateCents(r.rate, toCents(r.net), toCents(r.tax)));
	return { ...source, currency: recorded.rate.to, byRate };
}

function rateCents(rate: number, net: number, tax: number): RateCents {
	return { rate, net, tax, gross: net + tax };
}

function document(
	id: string,
	number: string | null | undefined,
	date: unknown,
	currency: string,
	byRate: RateCents[],
): DocumentCents {
	return {
		id,
		...(number ? { number } : {}),
		...(day(date) ? { date: day(date) } : {}),
		currency,
		byRate: mergeRates(byRate),
	};
}

/** One entry per rate (a voucher may carry two items at one rate). */
function mergeRates(list: RateCents[]): RateCents[] {
	const merged = new Map<number, RateCents>();
	for (const r of list) {
		const m = merged.get(r.rate);
		merged.set(
			r.rate,
			m
				? { rate: r.rate, net: m.net + r.net, tax: m.tax + r.tax, gross: m.gross + r.gross }
				: { ...r },
		);
	}
	return [...merged.values()].sort((a, b) => a.rate - b.rate);
}

/** Whether a document date lies in the period (inclusive days, yyyy-MM-dd). */
export function inPeriod(date: string | undefined, period: { from: string; to: string }): boolean {
	return date !== undefined && date >= period.from && date <= period.to;
}

type Side = { count: number; net: number; tax: number; gross: number };
const emptySide = (): Side => ({ count: 0, net: 0, tax: 0, gross: 0 });
const add = (side: Side, r: RateCents) => {
	side.count += 1;
	side.net += r.net;
	side.tax += r.tax;
	side.gross += r.gross;
};

/** The report: summary rows per direction, currency and rate; one-side rows per document and rate; differing pairs per rate. */
export function compareDocuments(
	sources: SourceEntry[],
	targetsOnly: TargetEntry[],
	options: ReconcileOptions = {},
): ReconcileReport {
	const summary = new Map<string, SummaryGroup>();
	const oneSide: ReconcileRow[] = [];
	const differing: ReconcileRow[] = [];
	const totals = { linked: 0, sourceOnly: 0, targetOnly: 0, differences: 0 };

	for (const entry of sources) {
		const { direction, target } = entry;
		const source = alignedOnTargetRates(entry.source, options, direction);
		if (!target) {
			totals.sourceOnly += 1;
			oneSide.push(...sourceOnlyRows({ ...entry, source }));
			continue;
		}
		totals.linked += 1;
		const targetByRate = addLinkedPair(
			summary,
			direction,
			source,
			target,
			sourceRateOf(options, direction),
		);
		const rows = withinRounding(
			source,
			target,
			pairDifferences(direction, source, target, targetByRate, keptBy(options, direction)),
		);
		differing.push(...rows);
		if (rows.length > 0) totals.differences += 1;
	}

	for (const { direction, target } of targetsOnly) {
		totals.targetOnly += 1;
		oneSide.push(...targetOnlyRows(direction, target, sourceRateOf(options, direction)));
	}

	const summaryRows = [...summary.values()]
		.sort(
			(a, b) =>
				a.direction.localeCompare(b.direction) ||
				a.currency.localeCompare(b.currency) ||
				a.rate - b.rate,
		)
		.map((g) => withPolicy(summaryRow(g), keptBy(options, g.direction)));
	return { rows: [...summaryRows, ...oneSide, ...differing], totals };
}

/** A policy that keeps one amount at a mapped rate (keepGross, keepNet); `fail` and none compare everything. */
type KeepPolicy = 'keepGross' | 'keepNet';
function keptBy(options: ReconcileOptions, direction: ReconcileDirection): KeepPolicy | undefined {
	const policy = options.taxPolicy?.[direction];
	return policy === 'keepGross' || policy === 'keepNet' ? policy : undefined;
}

/** A row at a mapped rate names the policy its comparison applied. */
function withPolicy(row: ReconcileRow, policy: KeepPolicy | undefined): ReconcileRow {
	return policy && row.targetTaxRate !== undefined ? { ...row, taxPolicy: policy } : row;
}

/**
 * How far one rate's amounts may lie apart, in cents: lexoffice rounds each line item amount to the cent,
 * bexio rounds only the document's sums, so the net and the tax of a correct pair can each part by one
 * cent per rate, and the gross by both (the rounding step the invoice jobs accept before they issue). The
 * summary rows still add the exact cents.
 */
export const RATE_ROUNDING_CENTS = 1;
const near = (a: number, b: number, steps = 1) => Math.abs(a - b) <= steps * RATE_ROUNDING_CENTS;

/** Whether source and target amounts at one rate agree on what the comparison checks. */
function agree(s: RateCents, t: RateCents, mapped: boolean, policy: KeepPolicy | undefined) {
	const steps = s.roundings ?? 1;
	if (mapped && policy === 'keepGross') return near(s.gross, t.gross, steps);
	if (mapped && policy === 'keepNet') return near(s.net, t.net, steps);
	return (
		near(s.net, t.net, steps) && near(s.tax, t.tax, steps) && near(s.gross, t.gross, 2 * steps)
	);
}

/**
 * bexio rounds a document's total to the currency's round_factor (CHF 0.05) and reports the step as
 * `total_rounding_difference`: https://docs.bexio.com/#tag/Invoices/operation/v2ShowInvoice. The
 * comparison uses bexio's amounts before that rounding, as the jobs book them; a pair whose other side
 * holds bexio's rounded total instead (it differs by exactly that step, at most one step per document)
 * reconciles too.
 */
function withinRounding(
	source: DocumentCents,
	target: DocumentCents,
	rows: ReconcileRow[],
): ReconcileRow[] {
	const step = (source.rounding ?? 0) - (target.rounding ?? 0);
	if (!rows.length || step === 0 || source.currency !== target.currency) return rows;
	const cents = (text: string | undefined) => toCents(text ?? 0);
	const gross = rows.reduce((sum, r) => sum + cents(r.differenceGross), 0);
	const small = rows.every(
		(r) =>
			Math.abs(cents(r.differenceNet)) <= Math.abs(step) &&
			Math.abs(cents(r.differenceTax)) <= Math.abs(step),
	);
	return gross === step && small ? [] : rows;
}

/**
 * Source rates the job's map sends to one target rate (2.6 % and 3.8 % of bexio both to 7 %) are one group
 * on the target, so they are compared, and shown, together on the first of them.
 */
function alignedOnTargetRates(
	source: DocumentCents,
	options: ReconcileOptions,
	direction: ReconcileDirection,
): DocumentCents {
	const map = options.taxRateMap?.[direction] ?? {};
	const toSourceRate = sourceRateOf(options, direction);
	const key = (rate: number) => {
		const target = map[String(rate)];
		return target === undefined ? rate : toSourceRate(target);
	};
	if (source.byRate.every((r) => key(r.rate) === r.rate)) return source;
	const merged = mergeRates(source.byRate.map((r) => ({ ...r, rate: key(r.rate) })));
	// Each source rate in a group was rounded on its own: one rounding step each.
	const count = (rate: number) => source.byRate.filter((r) => key(r.rate) === rate).length;
	return { ...source, byRate: merged.map((r) => ({ ...r, roundings: count(r.rate) })) };
}

/** Target rate → source rate, through the inverse of the job's tax rate map (the first source rate wins). */
function sourceRateOf(options: ReconcileOptions, direction: ReconcileDirection) {
	const inverse = new Map<number, number>();
	for (const [from, to] of Object.entries(options.taxRateMap?.[direction] ?? {}))
		if (!inverse.has(to)) inverse.set(to, Number(from));
	return (targetRate: number) => inverse.get(targetRate) ?? targetRate;
}

/** The summary group of a direction, currency and (source) rate, created on first use. */
function summaryGroup(
	summary: Map<string, SummaryGroup>,
	direction: ReconcileDirection,
	currency: string,
	rate: number,
): SummaryGroup {
	const k = `${direction}\u0000${currency}\u0000${rate}`;
	let g = summary.get(k);
	if (!g)
		summary.set(
			k,
			(g = {
				direction,
				currency,
				rate,
				targetRates: new Set(),
				source: emptySide(),
				target: emptySide(),
			}),
		);
	return g;
}

/** A source document without a (readable) target: one row per rate, with the reason. */
function sourceOnlyRows(entry: SourceEntry): ReconcileRow[] {
	const { direction, source } = entry;
	const reason = entry.targetId
		? `linked ${targetSystem(direction)} document ${entry.targetId} ${entry.targetMissing ?? 'is gone'}`
		: `no link: not in ${targetSystem(direction)}`;
	return source.byRate.map(
		(r): ReconcileRow => ({
			row: 'sourceOnly',
			direction,
			currency: source.currency,
			taxRate: r.rate,
			...refs(source, undefined, entry.targetId),
			reason,
			...amounts('source', r),
		}),
	);
}

/**
 * Adds a linked pair to the summary (the target's amounts under the source rate they map from) and
 * answers the target's amounts per source rate, for comparing the pair.
 */
function addLinkedPair(
	summary: Map<string, SummaryGroup>,
	direction: ReconcileDirection,
	source: DocumentCents,
	target: DocumentCents,
	toSourceRate: (targetRate: number) => number,
): Map<number, RateCents & { targetRate: number }> {
	for (const r of source.byRate)
		add(summaryGroup(summary, direction, source.currency, r.rate).source, r);
	const targetByRate = new Map<number, RateCents & { targetRate: number }>();
	for (const r of target.byRate) {
		const g = summaryGroup(summary, direction, target.currency, toSourceRate(r.rate));
		add(g.target, r);
		g.targetRates.add(r.rate);
		const rate = toSourceRate(r.rate);
		const m = targetByRate.get(rate);
		targetByRate.set(
			rate,
			m
				? { ...m, net: m.net + r.net, tax: m.tax + r.tax, gross: m.gross + r.gross }
				: { ...r, targetRate: r.rate },
		);
	}
	return targetByRate;
}

interface SummaryGroup {
	direction: ReconcileDirection;
	currency: string;
	rate: number;
	targetRates: Set<number>;
	source: Side;
	target: Side;
}

/** A linked pair's rows: one per rate at which it differs (or all, when the currencies differ); none when equal. */
function pairDifferences(
	direction: ReconcileDirection,
	source: DocumentCents,
	target: DocumentCents,
	targetByRate: Map<number, RateCents & { targetRate: number }>,
	policy?: KeepPolicy,
): ReconcileRow[] {
	const rows: ReconcileRow[] = [];
	const rates = [...new Set([...source.byRate.map((r) => r.rate), ...targetByRate.keys()])].sort(
		(a, b) => a - b,
	);
	for (const rate of rates) {
		const s = source.byRate.find((r) => r.rate === rate);
		const t = targetByRate.get(rate);
		const mapped = t !== undefined && t.targetRate !== rate;
		const sameMoney = s && t && agree(s, t, mapped, policy) && source.currency === target.currency;
		if (sameMoney) continue;
		const zero = { rate, net: 0, tax: 0, gross: 0 };
		rows.push({
			row: 'difference',
			direction,
			currency:
				source.currency === target.currency
					? source.currency
					: `${source.currency}/${target.currency}`,
			taxRate: rate,
			...(mapped ? { targetTaxRate: t.targetRate, ...(policy ? { taxPolicy: policy } : {}) } : {}),
			...refs(source, target),
			...(s ? amounts('source', s) : {}),
			...(t ? amounts('target', t) : {}),
			...amounts('difference', {
				net: (t ?? zero).net - (s ?? zero).net,
				tax: (t ?? zero).tax - (s ?? zero).tax,
				gross: (t ?? zero).gross - (s ?? zero).gross,
			}),
		});
	}
	return rows;
}

/** A target document no source of the period links to: one row per rate, at the source's rate where mapped. */
function targetOnlyRows(
	direction: ReconcileDirection,
	target: DocumentCents,
	toSourceRate: (rate: number) => number,
): ReconcileRow[] {
	return target.byRate.map((r) => {
		const rate = toSourceRate(r.rate);
		return {
			row: 'targetOnly',
			direction,
			currency: target.currency,
			taxRate: rate,
			...(rate !== r.rate ? { targetTaxRate: r.rate } : {}),
			...refs(undefined, target),
			reason: `no ${sourceSystem(direction)} document of the period links to it`,
			...amounts('target', r),
		};
	});
}

function summaryRow(g: SummaryGroup): ReconcileRow {
	const targetRates = [...g.targetRates].filter((r) => r !== g.rate);
	return {
		row: 'summary',
		direction: g.direction,
		currency: g.currency,
		taxRate: g.rate,
		...(targetRates.length === 1 ? { targetTaxRate: targetRates[0] } : {}),
		sourceCount: g.source.count,
		...amounts('source', g.source),
		targetCount: g.target.count,
		...amounts('target', g.target),
		...amounts('difference', {
			net: g.target.net - g.source.net,
			tax: g.target.tax - g.source.tax,
			gross: g.target.gross - g.source.gross,
		}),
	};
}

const sourceSystem = (d: ReconcileDirection) => (d === 'lexofficeToBexio' ? 'lexoffice' : 'bexio');
const targetSystem = (d: ReconcileDirection) => (d === 'lexofficeToBexio' ? 'bexio' : 'lexoffice');

function refs(
	source: DocumentCents | undefined,
	target: DocumentCents | undefined,
	targetId?: string,
): Partial<ReconcileRow> {
	const out: Partial<ReconcileRow> = {};
	if (source)
		Object.assign(out, {
			sourceId: source.id,
			...(source.number ? { sourceNumber: source.number } : {}),
		});
	if (target)
		Object.assign(out, {
			targetId: target.id,
			...(target.number ? { targetNumber: target.number } : {}),
		});
	else if (targetId) out.targetId = targetId;
	const date = source?.date ?? target?.date;
	if (date) out.date = date;
	return out;
}

function amounts(
	prefix: 'source' | 'target' | 'difference',
	r: { net: number; tax: number; gross: number },
): Partial<ReconcileRow> {
	return {
		[`${prefix}Net`]: centsText(r.net),
		[`${prefix}Tax`]: centsText(r.tax),
		[`${prefix}Gross`]: centsText(r.gross),
	};
}

/** CSV columns, in this order. */
export const RECONCILE_CSV_COLUMNS: ReadonlyArray<keyof ReconcileRow> = [
	'row',
	'direction',
	'currency',
	'taxRate',
	'targetTaxRate',
	'taxPolicy',
	'date',
	'sourceId',
	'sourceNumber',
	'targetId',
	'targetNumber',
	'sourceCount',
	'sourceNet',
	'sourceTax',
	'sourceGross',
	'targetCount',
	'targetNet',
	'targetTax',
	'targetGross',
	'differenceNet',
	'differenceTax',
	'differenceGross',
	'reason',
];

/** The rows as CSV (RFC 4180: comma, quotes doubled, CRLF), with a header row. */
export function reconcileCsv(rows: ReconcileRow[]): string {
	const cell = (v: unknown) => {
		const text = v === undefined || v === null ? '' : String(v);
		return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
	};
	return (
		[
			RECONCILE_CSV_COLUMNS.join(','),
			...rows.map((r) => RECONCILE_CSV_COLUMNS.map((c) => cell(r[c])).join(',')),
		].join('\r\n') + '\r\n'
	);
}
