import { randomUUID } from 'node:crypto';

import { insert, isoStamp, rows, type BexioTenant } from './store';

/**
 * What a fresh bexio company has on day one. Ids are stable per tenant (the node and client tests rely on
 * tax 1 = active 8.1 % sales tax, account 1 = 1000 Kasse, account 6 = 3200 Warenertrag, user 1 = owner).
 */
export function fillMasterData(t: BexioTenant): void {
	const add = (name: string, list: Array<Record<string, unknown>>) =>
		list.forEach((r) => insert(t, name, r));
	const stamp = isoStamp(t);

	add('users', [
		{
			salutation_type: 'male',
			firstname: 'Rudolph',
			lastname: 'Smith',
			email: 'rudolph.smith@example.com',
			is_superadmin: true,
			is_accountant: false,
		},
		{
			salutation_type: 'female',
			firstname: 'Anna',
			lastname: 'Meier',
			email: 'anna.meier@example.com',
			is_superadmin: false,
			is_accountant: true,
		},
	]);
	// Fictional users share the user id space (contacts and documents reference either): start them at 101.
	t.counters.set('id:fictional_users', 100);
	add(
		'countries',
		[
			['Schweiz', 'CH'],
			['Deutschland', 'DE'],
			['Österreich', 'AT'],
			['Frankreich', 'FR'],
			['Italien', 'IT'],
			['Liechtenstein', 'LI'],
			['Vereinigte Staaten', 'US'],
			['Vereinigtes Königreich', 'GB'],
		].map(([name, code]) => ({ name, name_short: code, iso3166_alpha2: code })),
	);
	add(
		'languages',
		[
			['Deutsch', 'de', '.', "'"],
			['Français', 'fr', '.', "'"],
			['Italiano', 'it', '.', "'"],
			['English', 'en', '.', ','],
		].map(([name, iso, point, thousands]) => ({
			name,
			decimal_point: point,
			thousands_separator: thousands,
			date_format_id: 1,
			date_format: 'd.m.Y',
			iso_639_1: iso,
		})),
	);
	add(
		'units',
		['Stk', 'h', 'Pauschal', 'Tag', 'km', 'm'].map((name) => ({ name })),
	);
	add('currencies', [
		{ name: 'CHF', round_factor: 0.05 },
		{ name: 'EUR', round_factor: 0.01 },
		{ name: 'USD', round_factor: 0.01 },
	]);
	add('exchange_rates', [
		{
			source_currency_id: 2,
			target_currency_id: 1,
			factor_nr: 0.93,
			exchange_rate_date: '2026-01-01',
			ratio: 1,
		},
		{
			source_currency_id: 3,
			target_currency_id: 1,
			factor_nr: 0.8,
			exchange_rate_date: '2026-01-01',
			ratio: 1,
		},
	]);
	const tax = (
		code: string,
		digit: string,
		type: string,
		value: string,
		active: boolean,
		start: number,
		end: number | null,
		account: number,
	) => ({
		uuid: randomUUID(),
		name: `lib.model.tax.ch.${type === 'sales_tax' ? 'sales' : 'pre'}_${value.replace('.', '_')}.name`,
		code,
		digit,
		type,
		account_id: account,
		tax_settlement_type: 'effective',
		value: Number(value),
		net_tax_value: null,
		start_year: start,
		end_year: end,
		start_month: 1,
		end_month: end ? 12 : null,
		is_active: active,
		display_name: `${code} - ${value}%`,
	});
	add('taxes', [
		tax('UN81', '303', 'sales_tax', '8.1', true, 2024, null, 5),
		tax('UR26', '313', 'sales_tax', '2.6', true, 2024, null, 5),
		tax('US38', '343', 'sales_tax', '3.8', true, 2024, null, 5),
		tax('UN00', '000', 'sales_tax', '0', true, 2018, null, 5),
		tax('VM81', '400', 'pre_tax', '8.1', true, 2024, null, 9),
		tax('UN77', '302', 'sales_tax', '7.7', false, 2018, 2023, 5),
		tax('VM26', '400', 'pre_tax', '2.6', true, 2024, null, 9),
		tax('VM38', '400', 'pre_tax', '3.8', true, 2024, null, 9),
		tax('VM00', '400', 'pre_tax', '0', true, 2018, null, 9),
		tax('VM77', '400', 'pre_tax', '7.7', false, 2018, 2023, 9),
	]);
	// Tax-free turnover codes, named as the live API names them (test/fixtures/live/bexio, Taxes):
	// export and services abroad active, exempt turnover inactive, as on the recorded accounts.
	const taxFree = (code: string, digit: string, key: string, label: string, active: boolean) => ({
		uuid: randomUUID(),
		name: `lib.model.tax.ch.${key}.name`,
		code,
		digit,
		type: 'not_taxable_turnover',
		account_id: 5,
		tax_settlement_type: 'none',
		value: 0,
		net_tax_value: null,
		start_year: null,
		end_year: null,
		start_month: null,
		end_month: null,
		is_active: active,
		display_name: `${code} - ${label} 0.00%`,
	});
	add('taxes', [
		taxFree('UEX', '220', 'sales_export', 'Export/Exempt', true),
		taxFree('ULA', '221', 'sales_abroad', 'Leistungen im Ausland', true),
		taxFree('UNO', '230', 'sales_not_optimized', 'Exempt revenue', false),
	]);
	const account = (no: string, name: string, type: number, group: number) => ({
		uuid: randomUUID(),
		account_no: no,
		name,
		account_type: type,
		tax_id: null,
		fibu_account_group_id: group,
		is_active: true,
		is_locked: false,
	});
	add('accounts', [
		account('1000', 'Kasse', 3, 1),
		account('1020', 'Bank', 3, 1),
		account('1100', 'Forderungen aus Lieferungen und Leistungen (Debitoren)', 3, 1),
		account('2000', 'Verbindlichkeiten aus Lieferungen und Leistungen (Kreditoren)', 4, 2),
		account('2200', 'Geschuldete MWST', 4, 2),
		account('3200', 'Warenertrag', 1, 3),
		account('3400', 'Dienstleistungsertrag', 1, 3),
		account('4200', 'Warenaufwand', 2, 4),
		account('1170', 'Vorsteuer MWST', 3, 1),
		account('1500', 'Maschinen und Apparate', 3, 1),
		account('2800', 'Eigenkapital', 4, 2),
		account('4400', 'Aufwand für bezogene Dienstleistungen', 2, 4),
		account('6000', 'Raumaufwand', 2, 4),
		account('6500', 'Verwaltungsaufwand', 2, 4),
		account('6570', 'Informatikaufwand', 2, 4),
		account('9200', 'Gewinn / Verlust', 5, 5),
	]);
	add(
		'account_groups',
		[
			['1', 'Aktiven'],
			['2', 'Passiven'],
			['3', 'Betrieblicher Ertrag aus Lieferungen und Leistungen'],
			['4', 'Aufwand'],
			['9', 'Abschluss'],
		].map(([no, name]) => ({
			uuid: randomUUID(),
			account_no: no,
			name,
			parent_fibu_account_group_id: null,
			is_active: true,
			is_locked: false,
		})),
	);
	add(
		'project_states',
		['Offen', 'Aktiv', 'Archiviert'].map((name) => ({ name })),
	);
	add(
		'project_types',
		['Kundenprojekt', 'Internes Projekt'].map((name) => ({ name })),
	);
	add(
		'timesheet_statuses',
		['Offen', 'In Bearbeitung', 'Erledigt', 'Verrechnet'].map((name) => ({ name })),
	);
	add(
		'payment_types',
		['Barzahlung', 'Überweisung', 'Kreditkarte'].map((name) => ({ name })),
	);
	add(
		'contact_sectors',
		['Informatik', 'Handel', 'Treuhand', 'Gastronomie'].map((name) => ({ name })),
	);
	add(
		'contact_groups',
		['Kunden', 'Lieferanten'].map((name) => ({ name })),
	);
	add(
		'salutations',
		['Herr', 'Frau', 'Firma'].map((name) => ({ name })),
	);
	add(
		'titles',
		['Dr.', 'Prof.', 'lic. iur.'].map((name) => ({ name })),
	);
	add(
		'todo_statuses',
		['Offen', 'In Bearbeitung', 'Erledigt', 'Abgelehnt'].map((name) => ({ name })),
	);
	add(
		'todo_priorities',
		['Tief', 'Normal', 'Hoch'].map((name) => ({ name })),
	);
	add(
		'communication_kinds',
		['Telefon', 'E-Mail', 'Brief', 'Meeting'].map((name) => ({ name })),
	);
	add('stocks', [{ name: 'Hauptlager' }]);
	add('stock_places', [
		{ name: 'Regal A', stock_id: 1 },
		{ name: 'Regal B', stock_id: 1 },
	]);
	const bank = (name: string, type: string, accountId: number, iban: string | null) => ({
		uuid: randomUUID(),
		name,
		owner: 'Example AG',
		owner_address: 'Bahnhofstrasse',
		owner_house_number: '1',
		owner_zip: '8001',
		owner_city: 'Zürich',
		owner_country_code: 'CH',
		bc_nr: type === 'bank' ? '762' : null,
		bank_name: type === 'bank' ? 'Zürcher Kantonalbank' : null,
		bank_nr: null,
		bank_account_nr: null,
		iban_nr: iban,
		currency_id: 1,
		account_id: accountId,
		remarks: null,
		// The orange payment slip (ESR) settings live bexio still sends next to the QR ones.
		is_esr: false,
		esr_besr_id: '',
		esr_bottom_line_include_amount: true,
		esr_post_account_nr: '',
		esr_payment_for_text: '',
		esr_in_favour_of_text: '',
		invoice_mode: type === 'bank' ? 'qr_invoice' : null,
		qr_invoice_iban: type === 'bank' ? 'CH4431999123000889012' : null,
		type,
	});
	add('bank_accounts', [
		bank('Hauptkonto', 'bank', 2, 'CH9300762011623852957'),
		bank('Kasse', 'cash', 1, null),
	]);
	add('company_profiles', [
		{
			name: 'Example AG',
			address: 'Bahnhofstrasse',
			address_nr: '1',
			postcode: '8001',
			city: 'Zürich',
			country_id: 1,
			country_name: 'Schweiz',
			legal_form: 'association',
			mail: 'info@example.com',
			phone_fixed: '+41 44 000 00 00',
			phone_mobile: null,
			fax: null,
			url: 'https://example.com',
			skype_name: null,
			facebook_name: null,
			twitter_name: null,
			description: null,
			ust_id_nr: null,
			mwst_nr: 'CHE-123.456.789 MWST',
			trade_register_nr: null,
			has_own_logo: false,
			is_public_profile: false,
			is_logo_public: false,
			is_address_public: false,
			is_phone_public: false,
			is_mobile_public: false,
			is_fax_public: false,
			is_mail_public: false,
			is_url_public: false,
			is_skype_public: false,
			logo_base64: null,
		},
	]);
	const setting = (text: string, kbClass: string, prefix: string) => ({
		text,
		kb_item_class: kbClass,
		enumeration_format: `${prefix}-%nummer%`,
		use_automatic_enumeration: true,
		use_yearly_enumeration: false,
		next_nr: 1,
		nr_min_length: 5,
		default_time_period_in_days: 30,
		default_logopaper_id: 1,
		default_language_id: 1,
		default_client_bank_account_new_id: 1,
		default_currency_id: 1,
		default_mwst_type: 0,
		default_mwst_is_net: true,
		default_nb_decimals_amount: 2,
		default_nb_decimals_price: 2,
		default_show_position_taxes: false,
		default_title: text,
		default_show_esr_on_same_page: false,
		default_payment_type_id: 2,
		kb_terms_of_payment_template_id: null,
		default_show_total: true,
	});
	add('document_settings', [
		setting('Offerte', 'KbOffer', 'AN'),
		setting('Auftrag', 'KbOrder', 'AU'),
		setting('Lieferschein', 'KbDelivery', 'LS'),
		setting('Rechnung', 'KbInvoice', 'RE'),
	]);
	add('document_templates', [
		{
			template_slug: '581a8010821e01426b8b456b',
			name: 'Standard',
			is_default: true,
			default_for_document_types: [
				'type_offer',
				'type_order',
				'type_invoice',
				'type_delivery',
				'type_credit_voucher',
				'type_account_statement',
				'type_article_order',
			],
		},
		{
			template_slug: '5e1f0a1b2c3d4e5f60718293',
			name: 'Modern',
			is_default: false,
			default_for_document_types: [],
		},
	]);
	const years = [2024, 2025, 2026, 2027];
	const defaultTaxes = defaultTaxesOf(t);
	add(
		'calendar_years',
		years.map((y) => ({
			start: `${y}-01-01`,
			end: `${y}-12-31`,
			is_vat_subject: true,
			...defaultTaxes,
			is_annual_reporting: false,
			created_at: stamp,
			updated_at: stamp,
			vat_accounting_method: 'effective',
			vat_accounting_type: 'agreed',
		})),
	);
	// 2024 is closed: manual entries dated in it are locked.
	add(
		'business_years',
		years.map((y) => ({
			start: `${y}-01-01`,
			end: `${y}-12-31`,
			status: y === 2024 ? 'closed' : 'open',
			closed_at: y === 2024 ? '2025-04-30T10:00:00+00:00' : null,
		})),
	);
	add(
		'vat_periods',
		years.flatMap((y) =>
			[1, 2, 3, 4].map((q) => ({
				start: `${y}-${String(q * 3 - 2).padStart(2, '0')}-01`,
				end: `${y}-${String(q * 3).padStart(2, '0')}-${q === 1 || q === 4 ? '31' : '30'}`,
				type: 'quarter',
				status: y === 2024 ? 'closed' : 'open',
				closed_at: y === 2024 ? '2025-04-30T10:00:00+00:00' : null,
			})),
		),
	);
}

/** The taxes a calendar year proposes for new income and expense bookings: the first active sales and pre-tax. */
export function defaultTaxesOf(t: BexioTenant): {
	default_tax_income_id: number | null;
	default_tax_expense_id: number | null;
} {
	const active = (type: string) =>
		(rows(t, 'taxes').find((x) => x.type === type && x.is_active === true)?.id as
			| number
			| undefined) ?? null;
	return { default_tax_income_id: active('sales_tax'), default_tax_expense_id: active('pre_tax') };
}
