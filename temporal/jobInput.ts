import type {
	AccountingExportInput,
	BookingLine,
	BulkImportInput,
	ConnectionRef,
	ExchangeRates,
	ImportKind,
	InvoiceSyncInput,
	LexofficeVoucherSource,
	Order,
	OrderInvoiceInput,
	ReconcileDirection,
	ReconcileInput,
	SystemName,
	TaxPolicy,
	TimesheetEntry,
	TimesheetSyncInput,
	TimesheetSyncMode,
} from './shared';

/**
 * The one boundary between what a person types (Jobs node parameters, schedule input, terminal flags)
 * and the workflow inputs: parsing, validation and defaults as pure functions. Every error names the
 * field as the caller shows it (a node label, a flag) and says what would be accepted. Imports types
 * only, so every node (the catalog nodes parse their JSON fields here too) loads it without Temporal.
 */

export const IMPORT_KINDS: readonly ImportKind[] = ['contacts', 'articles', 'invoices'];
export const SYSTEMS: readonly SystemName[] = ['bexio', 'lexoffice'];
export const TIMESHEET_MODES: readonly TimesheetSyncMode[] = [
	'preview',
	'timesheets',
	'invoiceDrafts',
];
export const TAX_POLICIES: readonly TaxPolicy[] = ['fail', 'keepGross', 'keepNet'];
export const JOB_TYPES: readonly JobType[] = [
	'bulkImport',
	'invoiceSync',
	'timesheetSync',
	'accountingExport',
	'reconcile',
	'orderInvoice',
];
export const RECONCILE_DIRECTION_CHOICES: readonly ReconcileDirection[] = [
	'lexofficeToBexio',
	'bexioToLexoffice',
];

const TAX_RATE_MAP_EXAMPLE = '{"8.1": 19}';
const EXCHANGE_RATES_EXAMPLE = '{"EUR": 0.93}';
const ACCOUNT_MAP_EXAMPLE = '{"sales": "3400"}';

/** Workflow types a schedule can start. */
export type JobType =
	| 'bulkImport'
	| 'invoiceSync'
	| 'timesheetSync'
	| 'accountingExport'
	| 'reconcile'
	| 'orderInvoice';

export interface ScheduleSpecInput {
	/** Cron expressions (`0 6 * * *` = every day at 06:00 in `timezone`). */
	cron?: string[];
	/** Every n minutes. */
	everyMinutes?: number;
	/** IANA zone for cron (default UTC). */
	timezone?: string;
}

export class JobInputError extends Error {
	constructor(
		readonly field: string,
		expected: string,
		got: unknown,
		reason?: string,
	) {
		super(
			`${field}: expected ${expected}; got ${describeValue(got)}${reason ? ` (${reason})` : ''}`,
		);
		this.name = 'JobInputError';
	}
}

/** A short rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	let text: string;
	try {
		text = JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A JSON parameter: strings are parsed, anything else (n8n hands over already parsed JSON) is taken as
 * is; an empty string is `undefined`.
 */
export function parseJson(value: unknown, field: string, example?: string): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		throw new JobInputError(
			field,
			example ? `valid JSON like ${example}` : 'valid JSON',
			value,
			error instanceof Error ? error.message : String(error),
		);
	}
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON object parameter; empty means `{}`. */
export function jsonObject(
	value: unknown,
	field: string,
	example: string,
): Record<string, unknown> {
	const parsed = parseJson(value, field, example) ?? {};
	if (!isObject(parsed)) throw new JobInputError(field, `a JSON object like ${example}`, parsed);
	return parsed;
}

/** A JSON array parameter; empty means `[]`. */
export function jsonArray(value: unknown, field: string, example: string): unknown[] {
	const parsed = parseJson(value, field, example) ?? [];
	if (!Array.isArray(parsed))
		throw new JobInputError(field, `a JSON array like ${example}`, parsed);
	return parsed;
}

/** Source tax rate (%) → target tax rate (%); an empty map is no map. */
export function parseTaxRateMap(
	value: unknown,
	field = 'taxRateMap',
): Record<string, number> | undefined {
	if (value === undefined || value === null) return undefined;
	const map = jsonObject(value, field, TAX_RATE_MAP_EXAMPLE);
	for (const [rate, target] of Object.entries(map)) {
		if (typeof target !== 'number' || !Number.isFinite(target))
			throw new JobInputError(field, `rates mapped to numbers like ${TAX_RATE_MAP_EXAMPLE}`, {
				[rate]: target,
			});
	}
	return Object.keys(map).length ? (map as Record<string, number>) : undefined;
}

/**
 * ISO code → value of 1 unit in the bexio account's base currency ({"EUR": 0.93}: 1 EUR = 0.93 CHF); an
 * empty table is no table.
 */
export function parseExchangeRates(
	value: unknown,
	field = 'exchangeRates',
): Record<string, number> | undefined {
	if (value === undefined || value === null) return undefined;
	const table = jsonObject(value, field, EXCHANGE_RATES_EXAMPLE);
	const out: Record<string, number> = {};
	for (const [code, rate] of Object.entries(table)) {
		if (!/^[A-Za-z]{3}$/.test(code) || typeof rate !== 'number' || !(rate > 0))
			throw new JobInputError(
				field,
				`ISO currency codes mapped to positive rates (1 unit in bexio's base currency) like ${EXCHANGE_RATES_EXAMPLE}`,
				{ [code]: rate },
			);
		out[code.toUpperCase()] = rate;
	}
	return Object.keys(out).length ? out : undefined;
}

/** Source account key → bexio account number; numbers are taken as account numbers. */
export function parseAccountMap(value: unknown, field = 'accountMap'): Record<string, string> {
	const map = jsonObject(value, field, ACCOUNT_MAP_EXAMPLE);
	const out: Record<string, string> = {};
	for (const [key, account] of Object.entries(map)) {
		if (typeof account !== 'string' && typeof account !== 'number')
			throw new JobInputError(field, `account numbers as text like ${ACCOUNT_MAP_EXAMPLE}`, {
				[key]: account,
			});
		out[key] = String(account);
	}
	return out;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
	if (typeof value !== 'string' || !allowed.includes(value as T))
		throw new JobInputError(field, `one of ${allowed.join(', ')}`, value);
	return value as T;
}

/** A whole number of at least 1 (numbers or their text); unset (undefined, '') is `undefined`. */
export function positiveInteger(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
		throw new JobInputError(field, 'a whole number of at least 1', value);
	return n;
}

/** A connection of `system`; an empty id means the worker's default connection `<system>-default`. */
export function connectionRef(system: SystemName, id: unknown): ConnectionRef {
	return {
		system,
		id: (id === undefined || id === null ? '' : String(id).trim()) || `${system}-default`,
	};
}

/** Run key of a terminal start: today (UTC), so a second start on the same day attaches to the first. */
export function defaultRunKey(now: Date = new Date()): string {
	return now.toISOString().slice(0, 10);
}

/** Only the options that are set, so the workflow's own defaults apply to the rest. */
function setOnly<T extends object>(values: T): Partial<T> {
	return Object.fromEntries(
		Object.entries(values).filter(([, v]) => v !== undefined && v !== '' && v !== false),
	) as Partial<T>;
}

/** Field names as the caller shows them (e.g. "Tax Rate Map" in n8n, "--tax-rate-map" in a terminal). */
export type Labels<K extends string> = Partial<Record<K, string>>;

export interface ImportParameters {
	kind: unknown;
	from: unknown;
	to: unknown;
	/** Connection ids; empty means `<system>-default`. */
	source?: unknown;
	target?: unknown;
	dryRun?: boolean;
	matchByEmail?: boolean;
	pageSize?: unknown;
	taxRateMap?: unknown;
	taxPolicy?: unknown;
	exchangeRates?: unknown;
	includeDownPayments?: boolean;
	collectiveContact?: boolean;
	attachPdf?: boolean;
	/** Plan, wait for Job → Approve, then write (BulkImportInput.approval). */
	approval?: boolean;
}

/** A bulk import's workflow input (connection references only, no secrets). */
export function bulkImportInput(
	p: ImportParameters,
	labels: Labels<keyof ImportParameters> = {},
): Omit<BulkImportInput, 'state'> {
	const label = (name: keyof ImportParameters) => labels[name] ?? name;
	const from = oneOf(p.from, SYSTEMS, label('from'));
	const to = oneOf(p.to, SYSTEMS, label('to'));
	if (from === to)
		throw new JobInputError(label('to'), `the other system than ${label('from')} (${from})`, to);
	const taxRateMap = parseTaxRateMap(p.taxRateMap, label('taxRateMap'));
	const exchangeRates = parseExchangeRates(p.exchangeRates, label('exchangeRates'));
	return {
		kind: oneOf(p.kind, IMPORT_KINDS, label('kind')),
		source: connectionRef(from, p.source),
		target: connectionRef(to, p.target),
		...(p.dryRun !== undefined ? { dryRun: p.dryRun } : {}),
		...(p.matchByEmail !== undefined ? { matchByEmail: p.matchByEmail } : {}),
		...setOnly({ pageSize: positiveInteger(p.pageSize, label('pageSize')) }),
		...(p.taxPolicy ? { taxPolicy: oneOf(p.taxPolicy, TAX_POLICIES, label('taxPolicy')) } : {}),
		...(taxRateMap ? { taxRateMap } : {}),
		...(exchangeRates ? { exchangeRates } : {}),
		...setOnly({
			includeDownPayments: p.includeDownPayments,
			collectiveContact: p.collectiveContact,
			approval: p.approval,
		}),
		// On by default: only an explicit false is carried.
		...(p.attachPdf === false ? { attachPdf: false } : {}),
	};
}

export interface TimesheetParameters {
	connection?: unknown;
	mode?: unknown;
	/** Entries as an array (input items, file records) or a JSON text; or `source`. */
	entries?: unknown;
	source?: { format: unknown; url: unknown };
	sourceName?: string;
	batchSize?: unknown;
	emailDomain?: string;
	salutationType?: 'male' | 'female';
	hourlyRate?: number;
	taxId?: number;
	title?: string;
	approval?: boolean;
}

/** A timesheet sync's workflow input; entries are checked per record by the job itself. */
export function timesheetSyncInput(
	p: TimesheetParameters,
	labels: Labels<keyof TimesheetParameters> = {},
): TimesheetSyncInput {
	const label = (name: keyof TimesheetParameters) => labels[name] ?? name;
	const invoice = setOnly({
		hourlyRate: p.hourlyRate || undefined,
		taxId: p.taxId || undefined,
		title: p.title,
	});
	const fictionalUsers = setOnly({ salutationType: p.salutationType, emailDomain: p.emailDomain });
	const source = p.source && {
		format: oneOf(p.source.format, ['csv', 'json'] as const, label('source')),
		url: String(p.source.url ?? '').trim(),
	};
	return {
		connection: connectionRef('bexio', p.connection),
		mode:
			p.mode === undefined || p.mode === ''
				? 'timesheets'
				: oneOf(p.mode, TIMESHEET_MODES, label('mode')),
		...(source
			? { source }
			: {
					entries: jsonArray(
						p.entries,
						label('entries'),
						'[{"externalId": "t-1", "date": "2026-11-02", "duration": "1:30"}]',
					) as TimesheetEntry[],
				}),
		...setOnly({
			sourceName: p.sourceName,
			batchSize: positiveInteger(p.batchSize, label('batchSize')),
		}),
		...(Object.keys(fictionalUsers).length ? { fictionalUsers } : {}),
		...(Object.keys(invoice).length ? { invoice } : {}),
		...(p.approval === true ? { approval: true } : {}),
	};
}

export interface AccountingParameters {
	connection?: unknown;
	/** Booking lines as an array (input items, file records) or a JSON text. */
	lines: unknown;
	accountMap?: unknown;
	debitAccount?: string;
	creditAccount?: string;
	dryRun?: boolean;
	sourceName?: string;
	batchSize?: unknown;
	/** Book lexoffice invoices and credit notes (LexofficeVoucherSource); lines may then be empty. */
	lexofficeVouchers?: LexofficeVoucherParameters;
}

export interface LexofficeVoucherParameters {
	/** Connection id; empty means `lexoffice-default`. */
	lexoffice?: unknown;
	since: unknown;
	receivablesAccount: unknown;
	revenueAccount: unknown;
	/** lexoffice rate → bexio tax code, as a JSON object like {"19": "UN19"}. */
	taxCodes?: unknown;
	baseCurrency?: unknown;
	/** Name of the last fetch date to continue from; empty means read from `since` every run. */
	fetchDateName?: unknown;
}

const TAX_CODES_EXAMPLE = '{"19": "UX19", "7": "UX7"}';

/** The lexoffice vouchers an accounting export books: a connection, a first day and two accounts. */
export function lexofficeVoucherSource(
	p: LexofficeVoucherParameters,
	labels: Labels<keyof LexofficeVoucherParameters> = {},
): LexofficeVoucherSource {
	const label = (name: keyof LexofficeVoucherParameters) => labels[name] ?? name;
	const account = (name: 'receivablesAccount' | 'revenueAccount') => {
		const no = p[name] === undefined || p[name] === null ? '' : String(p[name]).trim();
		if (!no) throw new JobInputError(label(name), 'a bexio account number like 1100', p[name]);
		return no;
	};
	const taxCodes = jsonObject(p.taxCodes, label('taxCodes'), TAX_CODES_EXAMPLE);
	for (const [rate, code] of Object.entries(taxCodes))
		if (typeof code !== 'string' || !code.trim() || !Number.isFinite(Number(rate)))
			throw new JobInputError(
				label('taxCodes'),
				`rates mapped to bexio tax codes like ${TAX_CODES_EXAMPLE}`,
				{
					[rate]: code,
				},
			);
	const base = typeof p.baseCurrency === 'string' ? p.baseCurrency.trim().toUpperCase() : '';
	if (base && !/^[A-Z]{3}$/.test(base))
		throw new JobInputError(label('baseCurrency'), 'an ISO currency code like CHF', p.baseCurrency);
	return {
		lexoffice: connectionRef('lexoffice', p.lexoffice),
		since: documentDay(p.since, label('since')),
		receivablesAccount: account('receivablesAccount'),
		revenueAccount: account('revenueAccount'),
		...(Object.keys(taxCodes).length ? { taxCodes: taxCodes as Record<string, string> } : {}),
		...(base ? { baseCurrency: base } : {}),
		...setOnly({
			fetchDateName: typeof p.fetchDateName === 'string' ? p.fetchDateName.trim() : undefined,
		}),
	};
}

/** An accounting export's workflow input; lines are checked per record by the job itself. */
export function accountingExportInput(
	p: AccountingParameters,
	labels: Labels<keyof AccountingParameters | keyof LexofficeVoucherParameters> = {},
): AccountingExportInput {
	const label = (name: keyof AccountingParameters) => labels[name] ?? name;
	const defaults = setOnly({ debitAccount: p.debitAccount, creditAccount: p.creditAccount });
	return {
		connection: connectionRef('bexio', p.connection),
		lines: jsonArray(
			p.lines,
			label('lines'),
			'[{"externalId": "pos-1", "date": "2026-11-02", "amount": 12.5}]',
		) as BookingLine[],
		accountMap: parseAccountMap(p.accountMap, label('accountMap')),
		...(Object.keys(defaults).length ? { defaults } : {}),
		...(p.dryRun !== undefined ? { dryRun: p.dryRun } : {}),
		...setOnly({
			sourceName: p.sourceName,
			batchSize: positiveInteger(p.batchSize, label('batchSize')),
		}),
		...(p.lexofficeVouchers
			? { lexofficeVouchers: lexofficeVoucherSource(p.lexofficeVouchers, labels) }
			: {}),
	};
}

export interface OrderInvoiceParameters {
	connection?: unknown;
	/** The order: an object (or its JSON) with orderId and lines. */
	order: unknown;
	sourceName?: string;
	taxId?: unknown;
	pricesIncludeVat?: boolean;
	walkInCustomer?: string;
	issue?: boolean;
}

const ORDER_EXAMPLE =
	'{"orderId": "K1-0815", "lines": [{"text": "Espresso", "quantity": 2, "unitPrice": 4.5, "taxRate": 8.1}]}';

/**
 * An order invoice's workflow input. The order needs its id and lines here (the job's id is the order
 * id); prices, tax rates and the total are checked by the job against bexio's master data.
 */
export function orderInvoiceInput(
	p: OrderInvoiceParameters,
	labels: Labels<keyof OrderInvoiceParameters> = {},
): OrderInvoiceInput {
	const label = (name: keyof OrderInvoiceParameters) => labels[name] ?? name;
	const order = jsonObject(p.order, label('order'), ORDER_EXAMPLE);
	const orderId =
		order.orderId === undefined || order.orderId === null ? '' : String(order.orderId).trim();
	if (!orderId)
		throw new JobInputError(
			label('order'),
			`an order with its POS id, like ${ORDER_EXAMPLE}`,
			order,
			'orderId is missing',
		);
	if (!Array.isArray(order.lines) || order.lines.length === 0)
		throw new JobInputError(
			label('order'),
			`an order with lines, like ${ORDER_EXAMPLE}`,
			order,
			`order ${orderId} has no lines`,
		);
	const taxId =
		p.taxId === undefined || p.taxId === null || p.taxId === '' ? undefined : Number(p.taxId);
	if (taxId !== undefined && !Number.isInteger(taxId))
		throw new JobInputError(
			label('taxId'),
			'a bexio sales tax id (pick one from the list)',
			p.taxId,
		);
	return {
		connection: connectionRef('bexio', p.connection),
		order: { ...order, orderId } as Order,
		...setOnly({
			sourceName: p.sourceName?.trim(),
			walkInCustomer: p.walkInCustomer?.trim(),
			taxId,
		}),
		...(p.pricesIncludeVat !== undefined ? { pricesIncludeVat: p.pricesIncludeVat } : {}),
		...(p.issue !== undefined ? { issue: p.issue } : {}),
	};
}

export interface ReconcileParameters {
	/** Connection ids; empty means `<system>-default`. */
	lexoffice?: unknown;
	bexio?: unknown;
	/** First and last document day, yyyy-MM-dd (an n8n date-time is cut to its day). */
	from: unknown;
	to: unknown;
	/** `both` (default), `lexofficeToBexio` or `bexioToLexoffice`; or a list of directions. */
	direction?: unknown;
	/** Per direction, as the jobs wrote: {"lexofficeToBexio": {"19": 8.1}, "bexioToLexoffice": {"8.1": 19}}. */
	taxRateMap?: unknown;
	/** The jobs' tax policy: one name for every direction, or per direction: {"lexofficeToBexio": "keepGross"}. */
	taxPolicy?: unknown;
	includeDownPayments?: boolean;
	pageSize?: unknown;
}

const RECONCILE_RATE_MAP_EXAMPLE = '{"lexofficeToBexio": {"19": 8.1}}';
const RECONCILE_TAX_POLICY_EXAMPLE = '{"lexofficeToBexio": "keepGross"}';

/** The reconciliation's tax policy per direction, from one policy name (every direction) or a JSON object. */
export function reconcileTaxPolicy(value: unknown, field: string): ReconcileInput['taxPolicy'] {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string' && TAX_POLICIES.includes(value.trim() as TaxPolicy)) {
		const policy = value.trim() as TaxPolicy;
		return Object.fromEntries(RECONCILE_DIRECTION_CHOICES.map((d) => [d, policy]));
	}
	if (typeof value === 'string' && !value.trim().startsWith('{'))
		throw new JobInputError(
			field,
			`one of ${TAX_POLICIES.join(', ')}, or per direction a JSON object like ${RECONCILE_TAX_POLICY_EXAMPLE}`,
			value,
		);
	const out: ReconcileInput['taxPolicy'] = {};
	for (const [direction, policy] of Object.entries(
		jsonObject(value, field, RECONCILE_TAX_POLICY_EXAMPLE),
	))
		out[oneOf(direction, RECONCILE_DIRECTION_CHOICES, `${field} key`)] = oneOf(
			policy,
			TAX_POLICIES,
			`${field} "${direction}"`,
		);
	return Object.keys(out).length ? out : undefined;
}

/** A document day: yyyy-MM-dd, or the day of an ISO date-time (as n8n's date fields hand it over). */
export function documentDay(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const day = /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0];
	if (!day || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
		throw new JobInputError(field, 'a day like 2026-03-31', value);
	return day;
}

/** A reconciliation's workflow input: two connections and a period of document dates. */
export function reconcileInput(
	p: ReconcileParameters,
	labels: Labels<keyof ReconcileParameters> = {},
): ReconcileInput {
	const label = (name: keyof ReconcileParameters) => labels[name] ?? name;
	const from = documentDay(p.from, label('from'));
	const to = documentDay(p.to, label('to'));
	if (from > to)
		throw new JobInputError(label('to'), `a day on or after ${label('from')} (${from})`, to);
	const chosen =
		p.direction === undefined || p.direction === '' || p.direction === 'both'
			? []
			: Array.isArray(p.direction)
				? p.direction
				: [p.direction];
	const directions = chosen.map((d) => oneOf(d, RECONCILE_DIRECTION_CHOICES, label('direction')));
	const map = jsonObject(p.taxRateMap, label('taxRateMap'), RECONCILE_RATE_MAP_EXAMPLE);
	const taxRateMap: ReconcileInput['taxRateMap'] = {};
	for (const [direction, rates] of Object.entries(map)) {
		const key = oneOf(direction, RECONCILE_DIRECTION_CHOICES, `${label('taxRateMap')} key`);
		const parsed = parseTaxRateMap(rates, label('taxRateMap'));
		if (parsed) taxRateMap[key] = parsed;
	}
	const taxPolicy = reconcileTaxPolicy(p.taxPolicy, label('taxPolicy'));
	return {
		lexoffice: connectionRef('lexoffice', p.lexoffice),
		bexio: connectionRef('bexio', p.bexio),
		from,
		to,
		...(directions.length ? { directions } : {}),
		...(Object.keys(taxRateMap).length ? { taxRateMap } : {}),
		...(taxPolicy ? { taxPolicy } : {}),
		...setOnly({
			includeDownPayments: p.includeDownPayments,
			pageSize: positiveInteger(p.pageSize, label('pageSize')),
		}),
	};
}

export interface InvoiceSyncParameters {
	from: unknown;
	to: unknown;
	/** Connection ids; empty means `<system>-default`. */
	source?: unknown;
	target?: unknown;
	/** First run only: the first updated day (yyyy-MM-dd); empty means the day of the first run. */
	since?: unknown;
	includeDownPayments?: boolean;
	taxRateMap?: unknown;
	taxPolicy?: unknown;
	exchangeRates?: unknown;
	watermarkName?: unknown;
	dryRun?: boolean;
	pageSize?: unknown;
}

/** An invoice sync's workflow input: two connections of different systems, the rest optional. */
export function invoiceSyncInput(
	p: InvoiceSyncParameters,
	labels: Labels<keyof InvoiceSyncParameters> = {},
): InvoiceSyncInput {
	const label = (name: keyof InvoiceSyncParameters) => labels[name] ?? name;
	const from = oneOf(p.from, SYSTEMS, label('from'));
	const to = oneOf(p.to, SYSTEMS, label('to'));
	if (from === to)
		throw new JobInputError(label('to'), `the other system than ${label('from')} (${from})`, to);
	const taxRateMap = parseTaxRateMap(p.taxRateMap, label('taxRateMap'));
	const exchangeRates = parseExchangeRates(p.exchangeRates, label('exchangeRates'));
	const since =
		p.since === undefined || p.since === '' ? undefined : documentDay(p.since, label('since'));
	const watermarkName = typeof p.watermarkName === 'string' ? p.watermarkName.trim() : '';
	return {
		source: connectionRef(from, p.source),
		target: connectionRef(to, p.target),
		...(since ? { since } : {}),
		...(p.taxPolicy ? { taxPolicy: oneOf(p.taxPolicy, TAX_POLICIES, label('taxPolicy')) } : {}),
		...(taxRateMap ? { taxRateMap } : {}),
		...(exchangeRates ? { exchangeRates } : {}),
		...setOnly({
			includeDownPayments: p.includeDownPayments,
			watermarkName,
			dryRun: p.dryRun,
			pageSize: positiveInteger(p.pageSize, label('pageSize')),
		}),
	};
}

// ---- rows of the node's fixed collections ---------------------------------------------------------

/** The rows of a fixed collection: n8n hands `{ <group>: [...] }`, or `{}` when no row was added. */
export function collectionRows(value: unknown, group: string): Array<Record<string, unknown>> {
	const rows = isObject(value) ? value[group] : value;
	if (rows === undefined || rows === null || rows === '') return [];
	return (Array.isArray(rows) ? rows : [rows]).map((row) => (isObject(row) ? row : { value: row }));
}

/** A number typed into a row (numbers, or their text from an expression); anything else is undefined. */
function rowNumber(value: unknown): number | undefined {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Text typed into a row, trimmed; numbers become their text. */
function rowText(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

interface RowRule<V> {
	/** What a good row holds, with an example: the fix an error names. */
	expected: string;
	/** What the key of a row is called, for the error on a repeated key. */
	key: string;
	/** Key and value of a good row; undefined for a bad one. */
	entry(row: Record<string, unknown>): [string, V] | undefined;
}

/**
 * A map from rows, each key once. An error names the field and the row as the user counts them (rows
 * that `include` leaves out still count) and says what the row must hold.
 */
function mapFromRows<V>(
	rows: Array<Record<string, unknown>>,
	field: string,
	rule: RowRule<V>,
	include: (row: Record<string, unknown>) => boolean = () => true,
): Record<string, V> {
	const out: Record<string, V> = {};
	const rowOf: Record<string, number> = {};
	rows.forEach((row, n) => {
		if (!include(row)) return;
		const at = `${field}, row ${n + 1}`;
		const got = rule.entry(row);
		if (!got) throw new JobInputError(at, rule.expected, row, 'correct the row or remove it');
		const [key, value] = got;
		if (rowOf[key] !== undefined)
			throw new JobInputError(
				at,
				`each ${rule.key} once`,
				row,
				`${rule.key} ${key} is already in row ${rowOf[key] + 1}; remove one of the two rows`,
			);
		rowOf[key] = n;
		out[key] = value;
	});
	return out;
}

const isRate = (n: number | undefined): n is number => n !== undefined && n >= 0 && n <= 100;

const taxRateRule: RowRule<number> = {
	expected: 'a source rate and a target rate in % between 0 and 100, e.g. 8.1 → 19',
	key: 'source rate',
	entry(row) {
		const [source, target] = [rowNumber(row.sourceRate), rowNumber(row.targetRate)];
		return isRate(source) && isRate(target) ? [String(source), target] : undefined;
	},
};

/** Tax-rate rows (source rate % → target rate %) as the job's map; no rows is no map. */
export function taxRateMapFromRows(
	rows: Array<Record<string, unknown>>,
	field = 'taxRateMap',
): Record<string, number> | undefined {
	const map = mapFromRows(rows, field, taxRateRule);
	return Object.keys(map).length ? map : undefined;
}

/** Exchange-rate rows (ISO code → value of 1 unit in bexio's base currency) as ExchangeRates; no rows is none. */
export function exchangeRatesFromRows(
	rows: Array<Record<string, unknown>>,
	field = 'exchangeRates',
): ExchangeRates | undefined {
	const table = mapFromRows(rows, field, {
		expected:
			"an ISO currency code and its positive rate (the value of 1 unit in bexio's base currency), e.g. EUR → 0.93",
		key: 'currency',
		entry(row) {
			const [code, rate] = [rowText(row.currency).toUpperCase(), rowNumber(row.rate)];
			return /^[A-Z]{3}$/.test(code) && rate !== undefined && rate > 0 ? [code, rate] : undefined;
		},
	});
	return Object.keys(table).length ? table : undefined;
}

/** Account rows (source account → bexio account number) as the export's account map. */
export function accountMapFromRows(
	rows: Array<Record<string, unknown>>,
	field = 'accountMap',
): Record<string, string> {
	return mapFromRows(rows, field, {
		expected: 'a source account and a bexio account number, e.g. sales → 3400',
		key: 'source account',
		entry(row) {
			const [source, account] = [rowText(row.sourceAccount), rowText(row.bexioAccount)];
			return source && account ? [source, account] : undefined;
		},
	});
}

/** Tax-code rows (lexoffice rate % → bexio tax code) of the lexoffice voucher source. */
export function taxCodesFromRows(
	rows: Array<Record<string, unknown>>,
	field = 'taxCodes',
): Record<string, string> {
	return mapFromRows(rows, field, {
		expected: 'a lexoffice rate in % between 0 and 100 and a bexio tax code, e.g. 19 → UX19',
		key: 'rate',
		entry(row) {
			const [rate, code] = [rowNumber(row.rate), rowText(row.taxCode)];
			return isRate(rate) && code ? [String(rate), code] : undefined;
		},
	});
}

/** Reconciliation tax-rate rows (direction, source rate → target rate) as maps per direction. */
export function reconcileRateMapFromRows(
	rows: Array<Record<string, unknown>>,
	field = 'taxRateMap',
): ReconcileInput['taxRateMap'] {
	rows.forEach((row, n) =>
		oneOf(row.direction, RECONCILE_DIRECTION_CHOICES, `${field}, row ${n + 1}`),
	);
	const out: NonNullable<ReconcileInput['taxRateMap']> = {};
	for (const direction of RECONCILE_DIRECTION_CHOICES) {
		const map = mapFromRows(rows, field, taxRateRule, (row) => row.direction === direction);
		if (Object.keys(map).length) out[direction] = map;
	}
	return Object.keys(out).length ? out : undefined;
}

/** Cron expressions from one text, separated by semicolons or new lines. */
export function splitCron(text: string | undefined): string[] {
	return (text ?? '')
		.split(/[;\n]/)
		.map((c) => c.trim())
		.filter(Boolean);
}

/** A schedule's timetable: cron expressions and/or an interval of whole minutes (at least one of them). */
export function scheduleSpec(spec: ScheduleSpecInput): ScheduleSpecInput {
	const cron = (spec.cron ?? []).map((c) => c.trim()).filter(Boolean);
	const everyMinutes =
		spec.everyMinutes === undefined || spec.everyMinutes === 0
			? undefined
			: positiveInteger(spec.everyMinutes, 'everyMinutes');
	if (!cron.length && !everyMinutes)
		throw new JobInputError(
			'cron',
			'one or more cron expressions like "0 6 * * 1-5", or everyMinutes of at least 1',
			spec,
		);
	return {
		...(cron.length ? { cron } : {}),
		...(everyMinutes ? { everyMinutes } : {}),
		...(spec.timezone ? { timezone: spec.timezone } : {}),
	};
}
