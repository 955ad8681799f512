import { randomUUID } from 'node:crypto';

import { CONTACT_DEFAULTS } from './contacts';
import { fail } from './errors';
import { ARTICLE_DEFAULTS } from './items';
import { readDuration } from './projects';
import { buildDocument, storeDocument } from './salesDocuments';
import { INVOICE } from './salesTypes';
import { insert, nextCounter, nowStamp, rows, type BexioTenant, type Id } from './store';
import { money } from './totals';

export type SeedResult = { count: number; firstId: Id | null; lastId: Id | null; ids?: Id[] };

const pad = (n: number) => String(n).padStart(2, '0');
const utcStamp = (ms: number) => {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

/**
 * `updated_at` for seeded rows: the tenant clock, or `updatedAtFrom` (`YYYY-MM-DD HH:MM:SS`, zone-less
 * like bexio) plus `i × spreadSeconds` (default 1), or all equal with `sameTimestamp`.
 */
function stamps(t: BexioTenant, options: Record<string, unknown>): (i: number) => string {
	if (typeof options.updatedAtFrom !== 'string') return () => nowStamp(t);
	const base = Date.parse(`${options.updatedAtFrom.replace(' ', 'T')}Z`);
	if (Number.isNaN(base)) throw new Error('updatedAtFrom must be YYYY-MM-DD HH:MM:SS');
	const spread = options.sameTimestamp ? 0 : Number(options.spreadSeconds ?? 1);
	return (i) => utcStamp(base + i * spread * 1000);
}

function firstCustomer(t: BexioTenant, options: Record<string, unknown>): number {
	if (options.contactId !== undefined) return Number(options.contactId);
	const existing = rows(t, 'contacts')[0];
	if (existing) return Number(existing.id);
	return Number(
		insert(t, 'contacts', {
			...CONTACT_DEFAULTS,
			nr: String(nextCounter(t, 'contact_nr')),
			contact_type_id: 1,
			name_1: 'Seed Kunde AG',
			user_id: 1,
			owner_id: 1,
			updated_at: nowStamp(t),
		}).id,
	);
}

/**
 * Fast seeding straight into the store (no HTTP, no per-row validation scans). Resources and options:
 * - `contacts`: `{updatedAtFrom?, spreadSeconds?, sameTimestamp?, namePrefix?}`, sequential `nr`
 * - `articles`, `projects` `{contactId?}`, `client_services`, `timesheets` `{date?}`
 * - `invoices` `{status? (7 draft … 8 default, 9 paid), contactId?, amount?, currency? (ISO code, default the base currency)}` with one position each
 * - `sales_taxes` `{value}`: an active sales tax at `value` % (an account registered for another country's VAT)
 * - `exchange_rates` `{currency, factor, date}`: 1 `currency` (ISO code) = `factor` base currency from `date` on
   (bexio's API reads rates but cannot write them; the app's settings do)
 * - `manual_entries` `{date?, locked?}` (`locked` = in the closed year 2024, refusing changes)
 * Returns `{count, firstId, lastId}` plus `ids` when count ≤ 1000.
 */
export function seed(
	t: BexioTenant,
	resource: string,
	count: number,
	options: Record<string, unknown>,
): SeedResult {
	const ids: Id[] = [];
	const stampOf = stamps(t, options);
	const make = (i: number): Id => {
		switch (resource) {
			case 'contacts': {
				const nr = nextCounter(t, 'contact_nr');
				const person = i % 3 === 0;
				const house = String((i % 90) + 1);
				return insert(t, 'contacts', {
					...CONTACT_DEFAULTS,
					nr: String(nr),
					contact_type_id: person ? 2 : 1,
					name_1: `${String(options.namePrefix ?? (person ? 'Muster' : 'Kunde'))} ${nr}`,
					name_2: person ? 'Anna' : null,
					street_name: 'Bahnhofstrasse',
					house_number: house,
					address: `Bahnhofstrasse ${house}`,
					postcode: String(8000 + (i % 900)),
					city: 'Zürich',
					country_id: 1,
					mail: `kunde${nr}@example.com`,
					user_id: 1,
					owner_id: 1,
					updated_at: stampOf(i),
				}).id;
			}
			case 'articles':
				return insert(t, 'articles', {
					...ARTICLE_DEFAULTS,
					intern_code: `ART-${nextCounter(t, 'seed_article')}`,
					intern_name: `Artikel ${i + 1}`,
					sale_price: '10.000000',
					unit_id: 1,
					tax_income_id: 1,
					tax_id: 1,
				}).id;
			case 'projects':
				return insert(t, 'projects', {
					uuid: randomUUID(),
					nr: String(nextCounter(t, 'project_nr')).padStart(6, '0'),
					name: `Projekt ${i + 1}`,
					start_date: null,
					end_date: null,
					comment: '',
					pr_state_id: 2,
					pr_project_type_id: 1,
					contact_id: firstCustomer(t, options),
					contact_sub_id: null,
					pr_invoice_type_id: null,
					pr_invoice_type_amount: null,
					pr_budget_type_id: null,
					pr_budget_type_amount: null,
					user_id: 1,
				}).id;
			case 'client_services':
				return insert(t, 'client_services', {
					name: `Tätigkeit ${i + 1}`,
					default_is_billable: true,
					default_price_per_hour: 120,
					account_id: null,
				}).id;
			case 'timesheets': {
				const service =
					rows(t, 'client_services')[0]?.id ??
					insert(t, 'client_services', {
						name: 'Beratung',
						default_is_billable: true,
						default_price_per_hour: 120,
						account_id: null,
					}).id;
				const date = String(options.date ?? nowStamp(t).slice(0, 10));
				const minutes = 15 * ((i % 16) + 1);
				const hhmm = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
				return insert(t, 'timesheets', {
					user_id: 1,
					status_id: 1,
					client_service_id: service,
					text: `Arbeit ${i + 1}`,
					allowable_bill: true,
					charge: null,
					contact_id: null,
					sub_contact_id: null,
					pr_project_id: null,
					pr_package_id: null,
					pr_milestone_id: null,
					travel_time: null,
					travel_charge: null,
					travel_distance: 0,
					estimated_time: null,
					date,
					duration: readDuration(minutes),
					running: false,
					tracking: { type: 'duration', date, duration: hhmm },
				}).id;
			}
			case 'sales_taxes': {
				const value = String(options.value ?? fail(422, 'sales_taxes needs {value}'));
				return insert(t, 'taxes', {
					uuid: randomUUID(),
					name: `sandbox.sales_${value.replace('.', '_')}`,
					code: `UX${value.replace('.', '')}`,
					digit: '399',
					type: 'sales_tax',
					account_id: 5,
					tax_settlement_type: 'effective',
					value: Number(value),
					net_tax_value: null,
					start_year: 2024,
					end_year: null,
					start_month: 1,
					end_month: null,
					is_active: true,
					display_name: `UX${value.replace('.', '')} - ${value}%`,
				}).id;
			}
			case 'exchange_rates': {
				const currency = rows(t, 'currencies').find((c) => c.name === options.currency);
				if (!currency) fail(422, `unknown currency ${String(options.currency)}`);
				return insert(t, 'exchange_rates', {
					source_currency_id: currency.id,
					target_currency_id: 1,
					factor_nr: Number(options.factor ?? fail(422, 'exchange_rates needs {factor}')),
					exchange_rate_date: String(options.date ?? fail(422, 'exchange_rates needs {date}')),
					ratio: 1,
				}).id;
			}
			case 'invoices': {
				const status = Number(options.status ?? 8);
				const currency =
					options.currency === undefined
						? undefined
						: rows(t, 'currencies').find((c) => c.name === options.currency);
				if (options.currency !== undefined && !currency)
					fail(422, `unknown currency ${String(options.currency)}`);
				const doc = buildDocument(t, INVOICE, {
					contact_id: firstCustomer(t, options),
					user_id: 1,
					title: `Rechnung ${i + 1}`,
					...(currency ? { currency_id: currency.id } : {}),
				});
				const amount = money(Number(options.amount ?? 100));
				const position = {
					id: nextCounter(t, 'id:positions'),
					type: 'KbPositionCustom',
					amount: money(1),
					unit_id: 1,
					unit_name: 'Stk',
					account_id: 7,
					tax_id: 1,
					tax_value: null,
					text: 'Beratung',
					unit_price: amount,
					discount_in_percent: money(0),
					position_total: null,
					pos: null,
					internal_pos: null,
					parent_id: null,
					is_optional: false,
				};
				const invoice = storeDocument(
					t,
					INVOICE,
					{ ...doc, kb_item_status_id: status, updated_at: stampOf(i) },
					[position],
				);
				if (status === 9)
					insert(t, 'payments', {
						date: invoice.is_valid_from,
						value: invoice.total,
						bank_account_id: 1,
						title: 'Received Payment',
						payment_service_id: null,
						is_client_account_redemption: false,
						is_cash_discount: false,
						kb_invoice_id: invoice.id,
						kb_credit_voucher_id: null,
						kb_bill_id: null,
						kb_credit_voucher_text: '',
					});
				if (status === 9) {
					invoice.total_received_payments = invoice.total;
					invoice.total_remaining_payments = money(0);
				}
				invoice.updated_at = stampOf(i);
				return invoice.id;
			}
			case 'manual_entries': {
				const locked = options.locked === true;
				const date = String(options.date ?? (locked ? '2024-06-30' : nowStamp(t).slice(0, 10)));
				const ref = nextCounter(t, 'seed_reference');
				return insert(t, 'manual_entries', {
					type: 'manual_single_entry',
					booking_type: 'manual_entry',
					date,
					reference_nr: String(ref),
					created_by_user_id: 1,
					edited_by_user_id: 1,
					entries: [
						{
							id: nextCounter(t, 'id:manual_entry_lines'),
							date,
							debit_account_id: 2,
							credit_account_id: 7,
							tax_id: null,
							tax_account_id: null,
							description: `Seed ${i + 1}`,
							amount: 10 + i,
							currency_id: 1,
							base_currency_id: 1,
							currency_factor: 1,
							base_currency_amount: 10 + i,
							created_by_user_id: 1,
							edited_by_user_id: 1,
						},
					],
					is_locked: locked,
					locked_info: locked ? 'closed_business_year' : null,
				}).id;
			}
			default:
				return fail(
					400,
					`cannot seed "${resource}"; seedable: contacts, articles, projects, client_services, timesheets, invoices, manual_entries`,
				);
		}
	};
	for (let i = 0; i < count; i++) ids.push(make(i));
	return {
		count,
		firstId: ids[0] ?? null,
		lastId: ids[ids.length - 1] ?? null,
		...(count <= 1000 ? { ids } : {}),
	};
}
