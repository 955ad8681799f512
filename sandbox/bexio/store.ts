import type { TenantBase } from '../core/server';

export type BexioRecord = Record<string, unknown> & { id: number };

/** One bexio company: collections by name, id counters, numbering and a shiftable clock. */
export interface BexioTenant extends TenantBase {
	collections: Map<string, Map<number, BexioRecord>>;
	nextId: Map<string, number>;
	/** Seconds added to the real clock for `updated_at` stamps (tests of polling cursors). */
	clockOffsetSeconds: number;
	userId: number;
}

export function collection(t: BexioTenant, name: string): Map<number, BexioRecord> {
	let c = t.collections.get(name);
	if (!c) {
		c = new Map();
		t.collections.set(name, c);
	}
	return c;
}

export function newId(t: BexioTenant, name: string): number {
	const id = t.nextId.get(name) ?? 1;
	t.nextId.set(name, id + 1);
	return id;
}

export function insert(t: BexioTenant, name: string, record: Omit<BexioRecord, 'id'>): BexioRecord {
	const stored = { id: newId(t, name), ...record } as BexioRecord;
	collection(t, name).set(stored.id, stored);
	return stored;
}

/** `YYYY-MM-DD HH:MM:SS` in Swiss local time, as bexio 2.0 stamps `updated_at` (reference 3.5). */
export function nowStamp(t: BexioTenant): string {
	const date = new Date(Date.now() + t.clockOffsetSeconds * 1000);
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Zurich',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(date);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
	return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** Master data every company has on day one (users, taxes, accounts, states …). */
export function fillMasterData(t: BexioTenant): void {
	const add = (name: string, rows: Array<Record<string, unknown>>) => rows.forEach((r) => insert(t, name, r));
	add('users', [
		{ salutation_type: 'male', firstname: 'Rudolph', lastname: 'Smith', email: 'owner@example.com', is_superadmin: true, is_accountant: false },
		{ salutation_type: 'female', firstname: 'Anna', lastname: 'Meier', email: 'anna@example.com', is_superadmin: false, is_accountant: true },
	]);
	add('countries', [
		{ name: 'Schweiz', name_short: 'CH', iso3166_alpha2: 'CH' },
		{ name: 'Deutschland', name_short: 'DE', iso3166_alpha2: 'DE' },
		{ name: 'Österreich', name_short: 'AT', iso3166_alpha2: 'AT' },
		{ name: 'Frankreich', name_short: 'FR', iso3166_alpha2: 'FR' },
		{ name: 'Italien', name_short: 'IT', iso3166_alpha2: 'IT' },
		{ name: 'Liechtenstein', name_short: 'LI', iso3166_alpha2: 'LI' },
	]);
	add('languages', [
		{ name: 'German', decimal_point: '.', thousands_separator: "'", date_format_id: 1, date_format: 'd.m.Y', iso_639_1: 'de' },
		{ name: 'English', decimal_point: '.', thousands_separator: ',', date_format_id: 1, date_format: 'd.m.Y', iso_639_1: 'en' },
	]);
	add('units', [{ name: 'Stk' }, { name: 'h' }, { name: 'Pauschal' }]);
	add('currencies', [
		{ name: 'CHF', round_factor: 0.05 },
		{ name: 'EUR', round_factor: 0.01 },
	]);
	add('taxes', [
		{ uuid: 'tax-ust81', name: 'lib.model.tax.ch.sales_8_1.name', code: 'UN81', digit: '303', type: 'sales_tax', value: '8.10', is_active: true, display_name: 'UN81 - 8.1%', start_year: 2024 },
		{ uuid: 'tax-ust26', name: 'lib.model.tax.ch.sales_2_6.name', code: 'UR26', digit: '313', type: 'sales_tax', value: '2.60', is_active: true, display_name: 'UR26 - 2.6%', start_year: 2024 },
		{ uuid: 'tax-ust38', name: 'lib.model.tax.ch.sales_3_8.name', code: 'US38', digit: '343', type: 'sales_tax', value: '3.80', is_active: true, display_name: 'US38 - 3.8%', start_year: 2024 },
		{ uuid: 'tax-ust0', name: 'lib.model.tax.ch.sales_0.name', code: 'UN00', digit: '000', type: 'sales_tax', value: '0.00', is_active: true, display_name: 'UN00 - 0%', start_year: 2018 },
		{ uuid: 'tax-vst81', name: 'lib.model.tax.ch.pre_8_1.name', code: 'VM81', digit: '400', type: 'pre_tax', value: '8.10', is_active: true, display_name: 'VM81 - 8.1%', start_year: 2024 },
		{ uuid: 'tax-ust77', name: 'lib.model.tax.ch.sales_7_7.name', code: 'UN77', digit: '302', type: 'sales_tax', value: '7.70', is_active: false, display_name: 'UN77 - 7.7%', start_year: 2018, end_year: 2023 },
	]);
	add('accounts', [
		{ uuid: 'acc-1000', account_no: '1000', name: 'Kasse', account_type: 3, fibu_account_group_id: 1, is_active: true, is_locked: false },
		{ uuid: 'acc-1020', account_no: '1020', name: 'Bank', account_type: 3, fibu_account_group_id: 1, is_active: true, is_locked: false },
		{ uuid: 'acc-1100', account_no: '1100', name: 'Debitoren', account_type: 3, fibu_account_group_id: 1, is_active: true, is_locked: false },
		{ uuid: 'acc-2000', account_no: '2000', name: 'Kreditoren', account_type: 4, fibu_account_group_id: 2, is_active: true, is_locked: false },
		{ uuid: 'acc-2200', account_no: '2200', name: 'Geschuldete MWST', account_type: 4, fibu_account_group_id: 2, is_active: true, is_locked: false },
		{ uuid: 'acc-3200', account_no: '3200', name: 'Warenertrag', account_type: 1, fibu_account_group_id: 3, is_active: true, is_locked: false },
		{ uuid: 'acc-3400', account_no: '3400', name: 'Dienstleistungsertrag', account_type: 1, fibu_account_group_id: 3, is_active: true, is_locked: false },
		{ uuid: 'acc-4200', account_no: '4200', name: 'Warenaufwand', account_type: 2, fibu_account_group_id: 4, is_active: true, is_locked: false },
	]);
	add('account_groups', [
		{ uuid: 'grp-1', account_no: '1', name: 'Aktiven', is_active: true, is_locked: false },
		{ uuid: 'grp-2', account_no: '2', name: 'Passiven', is_active: true, is_locked: false },
		{ uuid: 'grp-3', account_no: '3', name: 'Betrieblicher Ertrag', is_active: true, is_locked: false },
		{ uuid: 'grp-4', account_no: '4', name: 'Aufwand', is_active: true, is_locked: false },
	]);
	add('project_states', [{ name: 'Offen' }, { name: 'Aktiv' }, { name: 'Archiviert' }]);
	add('project_types', [{ name: 'Kundenprojekt' }, { name: 'Internes Projekt' }]);
	add('timesheet_statuses', [{ name: 'Erfasst' }, { name: 'Verrechnet' }]);
	add('payment_types', [{ name: 'Barzahlung' }, { name: 'Überweisung' }]);
	add('contact_sectors', [{ name: 'Informatik' }, { name: 'Handel' }]);
	add('salutations', [{ name: 'Herr' }, { name: 'Frau' }]);
	add('titles', [{ name: 'Dr.' }, { name: 'Prof.' }]);
	add('todo_statuses', [{ name: 'Offen' }, { name: 'Erledigt' }]);
	add('todo_priorities', [{ name: 'Hoch' }, { name: 'Normal' }]);
	add('communication_kinds', [{ name: 'Telefon' }, { name: 'E-Mail' }]);
	add('stocks', [{ name: 'Hauptlager' }]);
	add('stock_places', [{ name: 'Regal A', stock_id: 1 }]);
	add('bank_accounts', [{ name: 'Hauptkonto', owner: 'Example AG', iban_nr: 'CH9300762011623852957', currency_id: 1, account_id: 2, type: 'bank', invoice_mode: 'qr_invoice' }]);
	add('company_profiles', [{ name: 'Example AG', address: 'Bahnhofstrasse 1', postcode: '8001', city: 'Zürich', country_id: 1, mail: 'info@example.com' }]);
	add('document_settings', [
		{ text: 'Offerte', kb_item_class: 'KbOffer', enumeration_format: 'AN-%nummer%', use_automatic_enumeration: true, next_nr: 1 },
		{ text: 'Auftrag', kb_item_class: 'KbOrder', enumeration_format: 'AU-%nummer%', use_automatic_enumeration: true, next_nr: 1 },
		{ text: 'Rechnung', kb_item_class: 'KbInvoice', enumeration_format: 'RE-%nummer%', use_automatic_enumeration: true, next_nr: 1 },
	]);
	add('calendar_years', [{ start: '2026-01-01', end: '2026-12-31', is_vat_subject: true, is_annual_reporting: false, vat_accounting_method: 'effective', vat_accounting_type: 'agreed' }]);
	add('business_years', [{ start: '2026-01-01', end: '2026-12-31', status: 'open', closed_at: null }]);
	add('vat_periods', [{ start: '2026-01-01', end: '2026-03-31', type: 'quarter', status: 'open', closed_at: null }]);
}
