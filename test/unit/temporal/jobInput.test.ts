import {
	accountMapFromRows,
	collectionRows,
	exchangeRatesFromRows,
	invoiceSyncInput,
	reconcileRateMapFromRows,
	taxCodesFromRows,
	taxRateMapFromRows,
	JobInputError,
	accountingExportInput,
	bulkImportInput,
	connectionRef,
	defaultRunKey,
	parseAccountMap,
	parseExchangeRates,
	parseJson,
	parseTaxRateMap,
	positiveInteger,
	reconcileInput,
	scheduleSpec,
	splitCron,
	timesheetSyncInput,
} from '../../../temporal/jobInput';

/** The message a call throws, or undefined when it does not throw. */
function errorOf(run: () => unknown): string | undefined {
	try {
		run();
		return undefined;
	} catch (error) {
		expect(error).toBeInstanceOf(JobInputError);
		return (error as Error).message;
	}
}

describe('parseJson', () => {
	it.each([
		{ name: 'text is parsed', value: '{"a": 1}', out: { a: 1 } },
		{ name: 'already parsed JSON is taken as is', value: [1, 2], out: [1, 2] },
		{ name: 'empty text is nothing', value: '  ', out: undefined },
	])('$name', ({ value, out }) => expect(parseJson(value, 'field')).toEqual(out));

	it('names the field, the expected form and the parser reason', () => {
		expect(errorOf(() => parseJson('{"a": ', 'jsonBody', '{"name": "x"}'))).toMatch(
			/^jsonBody: expected valid JSON like \{"name": "x"\}; got "\{\\"a\\": " \(.+\)$/,
		);
	});
});

describe('parseTaxRateMap', () => {
	it.each([
		{ value: '{"8.1": 19}', out: { '8.1': 19 } },
		{ value: { '7.7': 8.1 }, out: { '7.7': 8.1 } },
		{ value: '{}', out: undefined },
		{ value: '', out: undefined },
		{ value: undefined, out: undefined },
	])('$value → $out', ({ value, out }) => expect(parseTaxRateMap(value)).toEqual(out));

	it.each([
		{ value: '[19]', message: 'taxRateMap: expected a JSON object like {"8.1": 19}; got [19]' },
		{
			value: '{"8.1": "neunzehn"}',
			message:
				'taxRateMap: expected rates mapped to numbers like {"8.1": 19}; got {"8.1":"neunzehn"}',
		},
		{
			value: 'nineteen',
			message: 'taxRateMap: expected valid JSON like {"8.1": 19}; got "nineteen"',
		},
	])('refuses $value', ({ value, message }) =>
		expect(errorOf(() => parseTaxRateMap(value))).toContain(message),
	);
});

describe('parseExchangeRates', () => {
	it.each([
		{ value: '{"EUR": 0.93}', out: { EUR: 0.93 } },
		{ value: { usd: 0.8, CHF: 1 }, out: { USD: 0.8, CHF: 1 } },
		{ value: '{}', out: undefined },
		{ value: undefined, out: undefined },
	])('$value → $out', ({ value, out }) => expect(parseExchangeRates(value)).toEqual(out));

	it.each([
		{ value: '{"EUR": 0}', got: '{"EUR":0}' },
		{ value: '{"EUR": "0.93"}', got: '{"EUR":"0.93"}' },
		{ value: '{"Euro": 0.93}', got: '{"Euro":0.93}' },
	])('refuses $value naming the field and the form', ({ value, got }) =>
		expect(errorOf(() => parseExchangeRates(value, 'Exchange Rates'))).toBe(
			`Exchange Rates: expected ISO currency codes mapped to positive rates (1 unit in bexio's base currency) like {"EUR": 0.93}; got ${got}`,
		),
	);

	it('bulkImportInput and a scheduled invoice sync carry the table', () => {
		expect(
			bulkImportInput({
				kind: 'invoices',
				from: 'bexio',
				to: 'lexoffice',
				exchangeRates: '{"eur": 0.9}',
			}).exchangeRates,
		).toEqual({ EUR: 0.9 });
		const sync = invoiceSyncInput({
			from: 'lexoffice',
			to: 'bexio',
			exchangeRates: { EUR: 0.95 },
		});
		expect(sync.exchangeRates).toEqual({ EUR: 0.95 });
		expect(
			errorOf(() =>
				invoiceSyncInput({ from: 'lexoffice', to: 'bexio', exchangeRates: { EUR: -1 } }),
			),
		).toContain('exchangeRates: expected ISO currency codes');
	});
});

describe('parseAccountMap', () => {
	it.each([
		{ value: '{"sales": "3400"}', out: { sales: '3400' } },
		{ value: { cash: 1000 }, out: { cash: '1000' } },
		{ value: '', out: {} },
	])('$value', ({ value, out }) => expect(parseAccountMap(value)).toEqual(out));

	it('refuses an account that is no number or text', () => {
		expect(errorOf(() => parseAccountMap('{"sales": {"nr": 3400}}', 'Account Map (JSON)'))).toBe(
			'Account Map (JSON): expected account numbers as text like {"sales": "3400"}; got {"sales":{"nr":3400}}',
		);
	});
});

describe('small values', () => {
	it.each([
		{ value: '25', out: 25 },
		{ value: 7, out: 7 },
		{ value: '', out: undefined },
		{ value: undefined, out: undefined },
	])('positiveInteger($value)', ({ value, out }) =>
		expect(positiveInteger(value, '--page-size')).toBe(out),
	);

	it.each(['0', '-3', '2.5', 'many'])('positiveInteger refuses %s', (value) => {
		expect(errorOf(() => positiveInteger(value, '--page-size'))).toBe(
			`--page-size: expected a whole number of at least 1; got "${value}"`,
		);
	});

	it.each([
		{ id: '', out: { system: 'bexio', id: 'bexio-default' } },
		{ id: '  shop-2 ', out: { system: 'bexio', id: 'shop-2' } },
		{ id: undefined, out: { system: 'bexio', id: 'bexio-default' } },
	])('connectionRef("$id")', ({ id, out }) => expect(connectionRef('bexio', id)).toEqual(out));

	it('the terminal run key is the UTC day', () =>
		expect(defaultRunKey(new Date('2026-11-02T23:30:00Z'))).toBe('2026-11-02'));
});

describe('bulkImportInput', () => {
	it.each([
		{
			name: 'defaults: the default connections, unset options left to the workflow',
			params: { kind: 'contacts', from: 'bexio', to: 'lexoffice' },
			out: {
				kind: 'contacts',
				source: { system: 'bexio', id: 'bexio-default' },
				target: { system: 'lexoffice', id: 'lexoffice-default' },
			},
		},
		{
			name: 'options as given; an empty map and false switches stay out',
			params: {
				kind: 'invoices',
				from: 'lexoffice',
				to: 'bexio',
				source: 'lex-1',
				dryRun: false,
				pageSize: '50',
				taxRateMap: '{}',
				taxPolicy: 'keepNet',
				includeDownPayments: true,
				collectiveContact: false,
			},
			out: {
				kind: 'invoices',
				source: { system: 'lexoffice', id: 'lex-1' },
				target: { system: 'bexio', id: 'bexio-default' },
				dryRun: false,
				pageSize: 50,
				taxPolicy: 'keepNet',
				includeDownPayments: true,
			},
		},
		{
			name: 'PDFs are attached unless switched off: true stays out, false is carried',
			params: [
				{ kind: 'invoices', from: 'bexio', to: 'lexoffice', attachPdf: true },
				{ kind: 'invoices', from: 'bexio', to: 'lexoffice', attachPdf: false },
			],
			out: [
				{
					kind: 'invoices',
					source: { system: 'bexio', id: 'bexio-default' },
					target: { system: 'lexoffice', id: 'lexoffice-default' },
				},
				{
					kind: 'invoices',
					source: { system: 'bexio', id: 'bexio-default' },
					target: { system: 'lexoffice', id: 'lexoffice-default' },
					attachPdf: false,
				},
			],
		},
	])('$name', ({ params, out }) =>
		expect([params].flat().map((p) => bulkImportInput(p))).toEqual([out].flat()),
	);

	it.each([
		{
			params: { kind: 'orders', from: 'bexio', to: 'lexoffice' },
			labels: {},
			message: 'kind: expected one of contacts, articles, invoices; got "orders"',
		},
		{
			params: { kind: 'contacts', from: 'bexio', to: 'bexio' },
			labels: { from: '--from', to: '--to' },
			message: '--to: expected the other system than --from (bexio); got "bexio"',
		},
		{
			params: { kind: 'contacts', from: 'sage', to: 'bexio' },
			labels: {},
			message: 'from: expected one of bexio, lexoffice; got "sage"',
		},
		{
			params: { kind: 'invoices', from: 'bexio', to: 'lexoffice', taxPolicy: 'round' },
			labels: { taxPolicy: 'Tax Policy' },
			message: 'Tax Policy: expected one of fail, keepGross, keepNet; got "round"',
		},
		{
			params: { kind: 'articles', from: 'bexio', to: 'lexoffice', taxRateMap: '{"8.1": "19"}' },
			labels: { taxRateMap: 'Tax Rate Map' },
			message: 'Tax Rate Map: expected rates mapped to numbers like {"8.1": 19}; got {"8.1":"19"}',
		},
	])('refuses: $message', ({ params, labels, message }) =>
		expect(errorOf(() => bulkImportInput(params, labels))).toBe(message),
	);
});

describe('timesheetSyncInput', () => {
	it.each([
		{
			name: 'entries as JSON text, defaults',
			params: { entries: '[{"externalId": "t-1"}]' },
			out: {
				connection: { system: 'bexio', id: 'bexio-default' },
				mode: 'timesheets',
				entries: [{ externalId: 't-1' }],
			},
		},
		{
			name: 'a file, invoice and fictional user options; zero rate and tax id are unset',
			params: {
				connection: 'b2',
				mode: 'invoiceDrafts',
				source: { format: 'csv', url: ' https://example.com/t.csv ' },
				hourlyRate: 0,
				taxId: 0,
				title: 'Leistungen',
				emailDomain: 'example.com',
				batchSize: 20,
			},
			out: {
				connection: { system: 'bexio', id: 'b2' },
				mode: 'invoiceDrafts',
				source: { format: 'csv', url: 'https://example.com/t.csv' },
				batchSize: 20,
				fictionalUsers: { emailDomain: 'example.com' },
				invoice: { title: 'Leistungen' },
			},
		},
	])('$name', ({ params, out }) => expect(timesheetSyncInput(params)).toEqual(out));

	it.each([
		{
			params: { entries: '{"externalId": "t-1"}' },
			message:
				'Entries (JSON): expected a JSON array like [{"externalId": "t-1", "date": "2026-11-02", "duration": "1:30"}]; got {"externalId":"t-1"}',
		},
		{
			params: { entries: [], mode: 'draft' },
			message: 'mode: expected one of preview, timesheets, invoiceDrafts; got "draft"',
		},
	])('refuses: $message', ({ params, message }) =>
		expect(errorOf(() => timesheetSyncInput(params, { entries: 'Entries (JSON)' }))).toBe(message),
	);
});

describe('accountingExportInput', () => {
	it('lines, account map, defaults and switches', () => {
		expect(
			accountingExportInput({
				lines: [{ externalId: 'pos-1' }],
				accountMap: '{"sales": 3400}',
				creditAccount: 'sales',
				debitAccount: '',
				dryRun: true,
			}),
		).toEqual({
			connection: { system: 'bexio', id: 'bexio-default' },
			lines: [{ externalId: 'pos-1' }],
			accountMap: { sales: '3400' },
			defaults: { creditAccount: 'sales' },
			dryRun: true,
		});
	});

	it('lexoffice vouchers as the source: connection, first day, accounts, tax codes and base currency', () => {
		expect(
			accountingExportInput({
				lines: [],
				lexofficeVouchers: {
					lexoffice: 'lex-1',
					since: '2026-01-01T00:00:00.000+01:00',
					receivablesAccount: ' 1100 ',
					revenueAccount: 3400,
					taxCodes: '{"19": "UX19"}',
					baseCurrency: 'chf',
				},
			}).lexofficeVouchers,
		).toEqual({
			lexoffice: { system: 'lexoffice', id: 'lex-1' },
			since: '2026-01-01',
			receivablesAccount: '1100',
			revenueAccount: '3400',
			taxCodes: { '19': 'UX19' },
			baseCurrency: 'CHF',
		});
	});

	it.each([
		{
			source: { since: '', receivablesAccount: '1100', revenueAccount: '3400' },
			message: 'Updated Since: expected a day like 2026-03-31; got ""',
		},
		{
			source: { since: '2026-01-01', receivablesAccount: '', revenueAccount: '3400' },
			message: 'Receivables Account: expected a bexio account number like 1100; got ""',
		},
		{
			source: {
				since: '2026-01-01',
				receivablesAccount: '1100',
				revenueAccount: '3400',
				taxCodes: '{"19": 19}',
			},
			message:
				'Tax Codes (JSON): expected rates mapped to bexio tax codes like {"19": "UX19", "7": "UX7"}; got {"19":19}',
		},
		{
			source: {
				since: '2026-01-01',
				receivablesAccount: '1100',
				revenueAccount: '3400',
				baseCurrency: 'Franken',
			},
			message: 'Base Currency: expected an ISO currency code like CHF; got "Franken"',
		},
	])('refuses a voucher source: $message', ({ source, message }) => {
		const labels = {
			since: 'Updated Since',
			receivablesAccount: 'Receivables Account',
			taxCodes: 'Tax Codes (JSON)',
			baseCurrency: 'Base Currency',
		};
		expect(
			errorOf(() => accountingExportInput({ lines: [], lexofficeVouchers: source }, labels)),
		).toBe(message);
	});

	it('refuses lines that are no list', () => {
		expect(
			errorOf(() =>
				accountingExportInput({ lines: '{"not": "a list"}' }, { lines: 'Lines (JSON)' }),
			),
		).toBe(
			'Lines (JSON): expected a JSON array like [{"externalId": "pos-1", "date": "2026-11-02", "amount": 12.5}]; got {"not":"a list"}',
		);
	});
});

describe('schedules', () => {
	it.each([
		{ text: '0 6 * * 1-5; 0 18 * * *\n', out: ['0 6 * * 1-5', '0 18 * * *'] },
		{ text: '', out: [] },
	])('splitCron($text)', ({ text, out }) => expect(splitCron(text)).toEqual(out));

	it.each([
		{
			spec: { cron: [' 0 6 * * * '], timezone: 'Europe/Zurich' },
			out: { cron: ['0 6 * * *'], timezone: 'Europe/Zurich' },
		},
		{ spec: { cron: [], everyMinutes: 15 }, out: { everyMinutes: 15 } },
	])('scheduleSpec keeps $spec', ({ spec, out }) => expect(scheduleSpec(spec)).toEqual(out));

	it.each([
		{
			spec: {},
			message:
				'cron: expected one or more cron expressions like "0 6 * * 1-5", or everyMinutes of at least 1; got {}',
		},
		{
			spec: { everyMinutes: 1.5 },
			message: 'everyMinutes: expected a whole number of at least 1; got 1.5',
		},
	])('scheduleSpec refuses $spec', ({ spec, message }) =>
		expect(errorOf(() => scheduleSpec(spec))).toBe(message),
	);
});

describe('reconcileInput', () => {
	it('fills connections and keeps only what is set', () => {
		expect(reconcileInput({ from: '2026-03-01', to: '2026-03-31T23:59:00.000+01:00' })).toEqual({
			lexoffice: { system: 'lexoffice', id: 'lexoffice-default' },
			bexio: { system: 'bexio', id: 'bexio-default' },
			from: '2026-03-01',
			to: '2026-03-31',
		});
		expect(
			reconcileInput({
				lexoffice: 'l',
				bexio: 'b',
				from: '2026-01-01',
				to: '2026-01-01',
				direction: 'bexioToLexoffice',
				taxRateMap: '{"bexioToLexoffice": {"8.1": 19}}',
				pageSize: '50',
			}),
		).toEqual({
			lexoffice: { system: 'lexoffice', id: 'l' },
			bexio: { system: 'bexio', id: 'b' },
			from: '2026-01-01',
			to: '2026-01-01',
			directions: ['bexioToLexoffice'],
			taxRateMap: { bexioToLexoffice: { '8.1': 19 } },
			pageSize: 50,
		});
		expect(
			reconcileInput({ from: '2026-01-01', to: '2026-02-01', direction: 'both' }).directions,
		).toBeUndefined();
	});

	it.each([
		{ p: { from: '', to: '2026-03-31' }, message: 'from: expected a day like 2026-03-31; got ""' },
		{
			p: { from: '2026-13-45', to: '2026-03-31' },
			message: 'from: expected a day like 2026-03-31; got "2026-13-45"',
		},
		{
			p: { from: '2026-04-01', to: '2026-03-31' },
			message: 'to: expected a day on or after from (2026-04-01); got "2026-03-31"',
		},
		{
			p: { from: '2026-03-01', to: '2026-03-31', direction: 'sideways' },
			message: 'direction: expected one of lexofficeToBexio, bexioToLexoffice; got "sideways"',
		},
		{
			p: { from: '2026-03-01', to: '2026-03-31', taxRateMap: '{"19": 8.1}' },
			message: 'taxRateMap key: expected one of lexofficeToBexio, bexioToLexoffice; got "19"',
		},
		{
			p: { from: '2026-03-01', to: '2026-03-31', taxPolicy: 'keepAll' },
			message:
				'taxPolicy: expected one of fail, keepGross, keepNet, or per direction a JSON object like {"lexofficeToBexio": "keepGross"}; got "keepAll"',
		},
		{
			p: { from: '2026-03-01', to: '2026-03-31', taxPolicy: '{"lexofficeToBexio": "keepAll"}' },
			message:
				'taxPolicy "lexofficeToBexio": expected one of fail, keepGross, keepNet; got "keepAll"',
		},
		{
			p: { from: '2026-03-01', to: '2026-03-31', taxPolicy: '{"both": "keepNet"}' },
			message: 'taxPolicy key: expected one of lexofficeToBexio, bexioToLexoffice; got "both"',
		},
	])('refuses $p', ({ p, message }) => expect(errorOf(() => reconcileInput(p))).toBe(message));

	it.each([
		{ taxPolicy: undefined, out: undefined },
		{ taxPolicy: '', out: undefined },
		{
			taxPolicy: 'keepGross',
			out: { lexofficeToBexio: 'keepGross', bexioToLexoffice: 'keepGross' },
		},
		{
			taxPolicy: '{"bexioToLexoffice": "keepNet"}',
			out: { bexioToLexoffice: 'keepNet' },
		},
		{ taxPolicy: { lexofficeToBexio: 'fail' }, out: { lexofficeToBexio: 'fail' } },
	])('taxPolicy $taxPolicy per direction', ({ taxPolicy, out }) =>
		expect(reconcileInput({ from: '2026-03-01', to: '2026-03-31', taxPolicy }).taxPolicy).toEqual(
			out,
		),
	);
});

describe('invoiceSyncInput', () => {
	it('takes the direction from the two systems, defaults the connections and keeps only set options', () => {
		expect(
			invoiceSyncInput({
				from: 'lexoffice',
				to: 'bexio',
				target: 'bexio-b',
				since: '2026-11-01T00:00:00.000+01:00',
				taxPolicy: 'keepGross',
				watermarkName: ' nightly ',
				dryRun: false,
			}),
		).toEqual({
			source: { system: 'lexoffice', id: 'lexoffice-default' },
			target: { system: 'bexio', id: 'bexio-b' },
			since: '2026-11-01',
			taxPolicy: 'keepGross',
			watermarkName: 'nightly',
		});
	});

	it('refuses one system on both sides and a day that is no date, naming the field', () => {
		expect(
			errorOf(() => invoiceSyncInput({ from: 'bexio', to: 'bexio' }, { to: 'Direction' })),
		).toBe('Direction: expected the other system than from (bexio); got "bexio"');
		expect(
			errorOf(() =>
				invoiceSyncInput(
					{ from: 'bexio', to: 'lexoffice', since: 'gestern' },
					{ since: 'First Run From' },
				),
			),
		).toContain('First Run From: expected');
	});
});

/** Rows as the node's fixed collections hand them over. */
describe('map fields as rows', () => {
	it('reads the rows of a fixed collection, none when no row was added', () => {
		expect(collectionRows({}, 'rates')).toEqual([]);
		expect(collectionRows(undefined, 'rates')).toEqual([]);
		expect(collectionRows({ rates: [{ sourceRate: 8.1 }] }, 'rates')).toEqual([
			{ sourceRate: 8.1 },
		]);
	});

	it('turns rows into the maps the jobs take; numbers typed as text count', () => {
		expect(
			taxRateMapFromRows([
				{ sourceRate: 8.1, targetRate: 19 },
				{ sourceRate: '2.6', targetRate: '7' },
			]),
		).toEqual({ '8.1': 19, '2.6': 7 });
		expect(taxRateMapFromRows([])).toBeUndefined();
		expect(exchangeRatesFromRows([{ currency: ' eur ', rate: 0.93 }])).toEqual({ EUR: 0.93 });
		expect(
			accountMapFromRows([
				{ sourceAccount: 'cash', bexioAccount: 1000 },
				{ sourceAccount: 'sales', bexioAccount: '3400' },
			]),
		).toEqual({ cash: '1000', sales: '3400' });
		expect(taxCodesFromRows([{ rate: 19, taxCode: 'UX19' }])).toEqual({ '19': 'UX19' });
		expect(
			reconcileRateMapFromRows([
				{ direction: 'lexofficeToBexio', sourceRate: 19, targetRate: 8.1 },
				{ direction: 'bexioToLexoffice', sourceRate: 8.1, targetRate: 19 },
			]),
		).toEqual({ lexofficeToBexio: { '19': 8.1 }, bexioToLexoffice: { '8.1': 19 } });
	});

	it.each([
		{
			name: 'a rate outside 0–100',
			run: () => taxRateMapFromRows([{ sourceRate: 8.1, targetRate: 190 }], 'Tax Rate Map'),
			message:
				'Tax Rate Map, row 1: expected a source rate and a target rate in % between 0 and 100, e.g. 8.1 → 19; got {"sourceRate":8.1,"targetRate":190} (correct the row or remove it)',
		},
		{
			name: 'a source rate twice',
			run: () =>
				taxRateMapFromRows(
					[
						{ sourceRate: 8.1, targetRate: 19 },
						{ sourceRate: 8.1, targetRate: 7 },
					],
					'Tax Rate Map',
				),
			message:
				'Tax Rate Map, row 2: expected each source rate once; got {"sourceRate":8.1,"targetRate":7} (source rate 8.1 is already in row 1; remove one of the two rows)',
		},
		{
			name: 'a currency that is no ISO code',
			run: () => exchangeRatesFromRows([{ currency: 'Euro', rate: 0.93 }], 'Exchange Rates'),
			message: 'Exchange Rates, row 1: expected an ISO currency code and its positive rate',
		},
		{
			name: 'an account row without a bexio account',
			run: () => accountMapFromRows([{ sourceAccount: 'tips', bexioAccount: '' }], 'Account Map'),
			message: 'Account Map, row 1: expected a source account and a bexio account number',
		},
		{
			name: 'a reconciliation row without a direction, counted among all rows',
			run: () =>
				reconcileRateMapFromRows(
					[
						{ direction: 'lexofficeToBexio', sourceRate: 19, targetRate: 8.1 },
						{ direction: '', sourceRate: 7, targetRate: 2.6 },
					],
					'Tax Rate Maps',
				),
			message: 'Tax Rate Maps, row 2: expected one of lexofficeToBexio, bexioToLexoffice',
		},
	])('names the field and the row of $name', ({ run, message }) =>
		expect(errorOf(run)).toContain(message),
	);
});
