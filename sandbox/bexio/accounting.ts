import type { Router } from '../core/http';
import { defineResource, findRecord } from './engine';
import { fail, invalid } from './errors';
import { page } from './query';
import { jsonObject, type Json } from './request';
import { defaultTaxesOf } from './masterData';
import { collection, insert, isoStamp, rows, type BexioRecord, type BexioTenant } from './store';

export const CURRENCY_CODES = [
	'CHF',
	'EUR',
	'USD',
	'GBP',
	'JPY',
	'CAD',
	'AUD',
	'SEK',
	'NOK',
	'DKK',
	'PLN',
	'CZK',
	'HUF',
	'CNY',
	'HKD',
	'SGD',
	'NZD',
	'ZAR',
	'TRY',
	'BRL',
	'INR',
	'MXN',
	'AED',
	'THB',
];
const ROUND_FACTORS = [0.01, 0.05, 0.1, 0.5, 1];

/** Accounts, groups, years and VAT periods. */
function registerChart(router: Router<BexioTenant>): void {
	defineResource(router, {
		path: '/2.0/accounts',
		collection: 'accounts',
		readOnly: true,
		routes: ['list', 'search'],
		searchFields: ['account_no', 'fibu_account_group_id', 'name', 'account_type'],
		orderBy: ['id', 'account_no', 'name'],
	});
	defineResource(router, {
		path: '/2.0/account_groups',
		collection: 'account_groups',
		readOnly: true,
		routes: ['list'],
	});
	router.post('/3.0/accounting/calendar_years', (req, t) => {
		const data = jsonObject(req);
		const year = Number(data.year);
		const current = Number(isoStamp(t).slice(0, 4));
		// `year` > 2016 and at most 10 years ahead; settings not given are copied from the previous year.
		if (
			typeof data.year !== 'string' ||
			!/^\d{4}$/.test(data.year) ||
			year <= 2016 ||
			year > current + 10
		)
			invalid({ year: 'A year after 2016 and at most 10 years ahead, as a string.' });
		if (rows(t, 'calendar_years').some((y) => String(y.start).startsWith(String(year))))
			invalid({ year: 'This calendar year exists already.' });
		if (
			data.vat_accounting_method !== undefined &&
			!['effective', 'net_tax'].includes(String(data.vat_accounting_method))
		)
			invalid({ vat_accounting_method: 'Must be effective or net_tax.' });
		if (
			data.vat_accounting_type !== undefined &&
			!['agreed', 'collected'].includes(String(data.vat_accounting_type))
		)
			invalid({ vat_accounting_type: 'Must be agreed or collected.' });
		const previous =
			rows(t, 'calendar_years').sort((a, b) => String(b.start).localeCompare(String(a.start)))[0] ??
			{};
		const stamp = isoStamp(t);
		const created = insert(t, 'calendar_years', {
			start: `${year}-01-01`,
			end: `${year}-12-31`,
			is_vat_subject: data.is_vat_subject ?? previous.is_vat_subject ?? true,
			default_tax_income_id:
				data.default_tax_income_id ??
				previous.default_tax_income_id ??
				defaultTaxesOf(t).default_tax_income_id,
			default_tax_expense_id:
				data.default_tax_expense_id ??
				previous.default_tax_expense_id ??
				defaultTaxesOf(t).default_tax_expense_id,
			is_annual_reporting: data.is_annual_reporting ?? previous.is_annual_reporting ?? false,
			created_at: stamp,
			updated_at: stamp,
			vat_accounting_method:
				data.vat_accounting_method ?? previous.vat_accounting_method ?? 'effective',
			vat_accounting_type: data.vat_accounting_type ?? previous.vat_accounting_type ?? 'agreed',
		});
		insert(t, 'business_years', {
			start: created.start,
			end: created.end,
			status: 'open',
			closed_at: null,
		});
		// Live bexio answers the list of calendar years it created.
		return { status: 201, body: [created] };
	});
	defineResource(router, {
		path: '/3.0/accounting/calendar_years',
		collection: 'calendar_years',
		routes: ['list', 'search', 'show'],
		searchFields: [
			'start',
			'end',
			'is_vat_subject',
			'created_at',
			'updated_at',
			'vat_accounting_method',
			'vat_accounting_type',
		],
	});
	defineResource(router, {
		path: '/3.0/accounting/business_years',
		collection: 'business_years',
		readOnly: true,
		routes: ['list', 'show'],
	});
	defineResource(router, {
		path: '/3.0/accounting/vat_periods',
		collection: 'vat_periods',
		readOnly: true,
		routes: ['list', 'show'],
	});
}

function taxInUse(t: BexioTenant, id: unknown): boolean {
	const docs = ['quotes', 'orders', 'invoices'].flatMap((c) => rows(t, c));
	if (docs.some((d) => (d.positions as BexioRecord[]).some((p) => p.tax_id === id))) return true;
	if (rows(t, 'articles').some((a) => a.tax_income_id === id || a.tax_expense_id === id))
		return true;
	return rows(t, 'manual_entries').some((m) =>
		(m.entries as BexioRecord[]).some((e) => e.tax_id === id),
	);
}

/** Taxes with `scope`, `types` and `date` filters; delete 409 when used or digit 000. */
function registerTaxes(router: Router<BexioTenant>): void {
	defineResource(router, {
		path: '/3.0/taxes',
		collection: 'taxes',
		routes: ['list', 'show', 'delete'],
		filter: (req, items) => {
			const scope = req.query.get('scope');
			const types = req.query.get('types');
			const date = req.query.get('date');
			if (scope && scope !== 'active' && scope !== 'inactive')
				fail(400, 'scope must be active or inactive');
			if (types && !types.split(',').every((x) => x === 'sales_tax' || x === 'pre_tax'))
				fail(400, 'types must be sales_tax or pre_tax');
			if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) fail(400, 'date must be YYYY-MM-DD');
			return items.filter((x) => {
				if (scope && Boolean(x.is_active) !== (scope === 'active')) return false;
				if (types && !types.split(',').includes(String(x.type))) return false;
				if (date) {
					const year = Number(date.slice(0, 4));
					if (Number(x.start_year) > year || (x.end_year !== null && Number(x.end_year) < year))
						return false;
				}
				return true;
			});
		},
		beforeDelete: (t, tax) => {
			if (tax.digit === '000' || taxInUse(t, tax.id))
				fail(409, 'The tax is in use and cannot be deleted');
		},
	});
}

function currencyInUse(t: BexioTenant, id: unknown): boolean {
	const owners = ['quotes', 'orders', 'invoices', 'articles', 'bank_accounts'].flatMap((c) =>
		rows(t, c),
	);
	return (
		owners.some((r) => r.currency_id === id) ||
		rows(t, 'exchange_rates').some((r) => r.source_currency_id === id)
	);
}

/**
 * One rate as live answers `GET /3.0/currencies/{id}/exchange_rates`: `factor_nr` units of the
 * `exchange_currency` (the base currency) per `ratio` units of this currency
 * (https://docs.bexio.com/#tag/Currencies; recorded answer in the codebar-ag/laravel-bexio fixtures).
 */
function exchangeRate(t: BexioTenant, rate: BexioRecord): Json {
	const target = collection(t, 'currencies').get(Number(rate.target_currency_id));
	return {
		factor_nr: rate.factor_nr,
		exchange_currency: {
			id: rate.target_currency_id,
			name: target?.name ?? null,
			round_factor: target?.round_factor ?? null,
		},
		ratio: rate.ratio,
		factor_nr_to_ratio: Number(rate.factor_nr) / Number(rate.ratio || 1),
		source: 'custom',
		source_reason: 'source_custom',
		exchange_rate_date: rate.exchange_rate_date,
	};
}

/** Currencies: `embed=exchange_rate`, PATCH only `round_factor`, delete 422 when used. */
function registerCurrencies(router: Router<BexioTenant>): void {
	router.get('/3.0/currencies/codes', () => ({ status: 200, body: CURRENCY_CODES }));
	router.get('/3.0/currencies/:id/exchange_rates', (req, t) => {
		const currency = findRecord(t, 'currencies', req.params.id);
		const date = req.query.get('date');
		const list = rows(t, 'exchange_rates').filter(
			(r) =>
				r.source_currency_id === currency.id && (!date || String(r.exchange_rate_date) <= date),
		);
		return { status: 200, body: list.map((r) => exchangeRate(t, r)) };
	});
	const roundFactor = (data: Json) => {
		if (typeof data.round_factor !== 'number' || !ROUND_FACTORS.includes(data.round_factor))
			invalid({ round_factor: `Must be one of ${ROUND_FACTORS.join(', ')}.` });
	};
	defineResource(router, {
		path: '/3.0/currencies',
		collection: 'currencies',
		routes: ['list', 'create', 'show', 'edit', 'delete'],
		editVerb: 'PATCH',
		required: ['name', 'round_factor'],
		textFields: ['name'],
		prepare: ({ t, data, existing }) => {
			if (existing) {
				const { round_factor, ...rest } = data;
				if (Object.keys(rest).length)
					invalid(
						Object.fromEntries(
							Object.keys(rest).map((k) => [k, 'Only round_factor can be changed.']),
						),
					);
				roundFactor({ round_factor });
				return { round_factor };
			}
			if (!CURRENCY_CODES.includes(String(data.name))) invalid({ name: 'Unknown ISO 4217 code.' });
			if (rows(t, 'currencies').some((c) => c.name === data.name))
				invalid({ name: 'This currency exists already.' });
			roundFactor(data);
			return { name: data.name, round_factor: data.round_factor };
		},
		present: (record, { t, req }) => {
			if (req.query.get('embed') !== 'exchange_rate')
				return { id: record.id, name: record.name, round_factor: record.round_factor };
			const date = req.query.get('date');
			const rate = rows(t, 'exchange_rates')
				.filter(
					(r) =>
						r.source_currency_id === record.id && (!date || String(r.exchange_rate_date) <= date),
				)
				.sort((a, b) =>
					String(b.exchange_rate_date).localeCompare(String(a.exchange_rate_date)),
				)[0];
			return {
				id: record.id,
				name: record.name,
				round_factor: record.round_factor,
				exchange_rate: rate?.factor_nr ?? (record.id === 1 ? 1 : null),
				exchange_rate_id: rate?.id ?? null,
				ratio: rate?.ratio ?? 1,
				exchange_rate_to_ratio: rate ? Number(rate.factor_nr) * Number(rate.ratio) : null,
				source: rate ? 'custom' : null,
				source_reason: null,
				exchange_rate_date: rate?.exchange_rate_date ?? null,
			};
		},
		beforeDelete: (t, currency) => {
			if (currency.id === 1 || currencyInUse(t, currency.id))
				fail(422, 'The currency is in use and cannot be deleted');
		},
	});
}

/**
 * A manual entry line with a tax is booked at the gross: bexio splits the tax off the side named by
 * `tax_account_id` onto the tax's own account ("Es wird immer der Betrag inklusive MwSt (Brutto)
 * gebucht", https://support.bexio.com/hc/de/articles/115004659787). Rounded to the cent.
 */
function taxSplit(
	t: BexioTenant,
	e: BexioRecord,
): { net: number; tax: number; debit: unknown; credit: unknown } | undefined {
	const tax = e.tax_id == null ? undefined : collection(t, 'taxes').get(Number(e.tax_id));
	const rate = Number(tax?.value ?? 0);
	if (!tax || !rate || e.tax_account_id == null) return undefined;
	const gross = Number(e.amount);
	const amount = Math.round(((gross * rate) / (100 + rate)) * 100) / 100;
	const net = Math.round((gross - amount) * 100) / 100;
	// The tax leaves the taxed side: a taxed credit (revenue) gives its tax to the tax account's credit.
	return e.tax_account_id === e.credit_account_id
		? { net, tax: amount, debit: e.debit_account_id, credit: tax.account_id }
		: { net, tax: amount, debit: tax.account_id, credit: e.credit_account_id };
}

/** Journal bookings derived from manual entries, issued invoices and payments. */
function registerJournal(router: Router<BexioTenant>): void {
	router.get('/3.0/accounting/journal', (req, t) => {
		const line = (
			id: number,
			refId: unknown,
			refClass: string,
			date: string,
			debit: unknown,
			credit: unknown,
			amount: number,
			description: string,
		): Json => ({
			id,
			ref_id: refId,
			ref_uuid: null,
			ref_class: refClass,
			date: `${date}T00:00:00+00:00`,
			debit_account_id: debit,
			credit_account_id: credit,
			description,
			amount,
			currency_id: 1,
			currency_factor: 1,
			base_currency_id: 1,
			base_currency_amount: amount,
		});
		const lines: Json[] = [];
		for (const m of rows(t, 'manual_entries')) {
			for (const e of m.entries as BexioRecord[]) {
				const split = taxSplit(t, e);
				lines.push(
					line(
						Number(e.id),
						m.id,
						'ManualEntry',
						String(m.date),
						e.debit_account_id,
						e.credit_account_id,
						split ? split.net : Number(e.amount),
						String(e.description ?? ''),
					),
				);
				if (split)
					lines.push(
						line(
							3_000_000 + Number(e.id),
							m.id,
							'ManualEntry',
							String(m.date),
							split.debit,
							split.credit,
							split.tax,
							`MWST ${String(e.description ?? '')}`.trim(),
						),
					);
			}
		}
		for (const inv of rows(t, 'invoices')) {
			if ([7, 19].includes(inv.kb_item_status_id as number)) continue;
			lines.push(
				line(
					1_000_000 + Number(inv.id) * 2,
					inv.id,
					'KbInvoice',
					String(inv.is_valid_from),
					3,
					6,
					Number(inv.total_net),
					String(inv.document_nr),
				),
			);
			const tax = Number(inv.total_taxes);
			if (tax > 0)
				lines.push(
					line(
						1_000_001 + Number(inv.id) * 2,
						inv.id,
						'KbInvoice',
						String(inv.is_valid_from),
						3,
						5,
						tax,
						`MWST ${String(inv.document_nr)}`,
					),
				);
		}
		for (const p of rows(t, 'payments'))
			lines.push(
				line(
					2_000_000 + Number(p.id),
					p.id,
					'KbPayment',
					String(p.date),
					p.bank_account_id ?? 2,
					3,
					Number(p.value),
					String(p.title),
				),
			);
		const from = req.query.get('from');
		const to = req.query.get('to');
		const accountUuid = req.query.get('account_uuid');
		const account = accountUuid
			? rows(t, 'accounts').find((a) => a.uuid === accountUuid)
			: undefined;
		if (accountUuid && !account) return { status: 200, body: [] };
		const filtered = lines.filter((l) => {
			const day = String(l.date).slice(0, 10);
			if (from && day < from) return false;
			if (to && day > to) return false;
			return !account || l.debit_account_id === account.id || l.credit_account_id === account.id;
		});
		return {
			status: 200,
			body: page(
				req,
				filtered.sort(
					(a, b) => String(a.date).localeCompare(String(b.date)) || Number(a.id) - Number(b.id),
				),
			),
		};
	});
}

export function registerAccounting(router: Router<BexioTenant>): void {
	registerChart(router);
	registerTaxes(router);
	registerCurrencies(router);
	registerJournal(router);
}
