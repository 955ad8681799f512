import {
	lexofficeCategoryFor,
	meaningOfBexioTax,
	meaningOfTaxType,
	type BexioTax,
} from '../../../../temporal/mappings/taxCodes';

describe('meaningOfTaxType (lexoffice taxConditions.taxType)', () => {
	it.each([
		{ taxType: 'net', expected: undefined },
		{ taxType: 'gross', expected: undefined },
		{ taxType: undefined, expected: undefined },
		{ taxType: 'vatfree', expected: 'exempt' },
		{ taxType: 'intraCommunitySupply', expected: 'export' },
		{ taxType: 'thirdPartyCountryDelivery', expected: 'export' },
		{ taxType: 'thirdPartyCountryService', expected: 'serviceAbroad' },
		{ taxType: 'externalService13b', expected: 'serviceAbroad' },
		{ taxType: 'constructionService13b', expected: 'serviceAbroad' },
		{
			taxType: 'photovoltaicEquipment',
			expected: { invalid: expect.stringContaining('no Swiss VAT code') },
		},
	])('$taxType → $expected', ({ taxType, expected }) => {
		expect(meaningOfTaxType(taxType)).toEqual(expected);
	});
});

describe('meaningOfBexioTax (GET /3.0/taxes)', () => {
	const free = (over: Partial<BexioTax>): BexioTax => ({
		id: 1,
		type: 'not_taxable_turnover',
		...over,
	});
	it.each([
		// As recorded from live accounts (test/fixtures/live/bexio, Taxes).
		{
			name: 'ULA by its code',
			tax: free({ code: 'ULA', digit: '221' }),
			expected: 'serviceAbroad',
		},
		{ name: 'UNO by its code', tax: free({ code: 'UNO', digit: '230' }), expected: 'exempt' },
		{ name: 'UEX by its code', tax: free({ code: 'UEX' }), expected: 'export' },
		{
			name: 'a renamed code by its digit',
			tax: free({ code: 'X1', digit: '220' }),
			expected: 'export',
		},
		{
			name: 'a code by its name key',
			tax: free({ code: 'X2', name: 'lib.model.tax.ch.sales_abroad.name' }),
			expected: 'serviceAbroad',
		},
		{
			name: 'the notification procedure: no meaning here',
			tax: free({ code: 'MEL', digit: '225' }),
			expected: undefined,
		},
		{
			name: 'a sales tax at 0 %: no meaning',
			tax: { id: 8, code: 'U00', digit: '000', type: 'sales_tax' },
			expected: undefined,
		},
		{
			name: 'an input tax with an export-like code: no meaning',
			tax: { id: 9, code: 'UEX', type: 'pre_tax_material' },
			expected: undefined,
		},
	])('$name', ({ tax, expected }) => {
		expect(meaningOfBexioTax(tax)).toBe(expected);
	});
});

describe('lexofficeCategoryFor (GET /v1/posting-categories)', () => {
	const categories = new Map([
		['Ausfuhrlieferungen', 'cat-export'],
		['Dienstleistungen Drittländer', 'cat-services'],
	]);
	it.each([
		{ meaning: 'export' as const, expected: 'cat-export' },
		{ meaning: 'serviceAbroad' as const, expected: 'cat-services' },
		{
			meaning: 'exempt' as const,
			expected: {
				invalid: expect.stringContaining(
					'lexoffice has no posting category for tax-exempt turnover',
				),
			},
		},
	])('$meaning → $expected', ({ meaning, expected }) => {
		expect(lexofficeCategoryFor(meaning, categories)).toEqual(expected);
	});

	it('names the category lexoffice lacks', () => {
		expect(lexofficeCategoryFor('export', new Map())).toEqual({
			invalid: 'lexoffice has no income posting category "Ausfuhrlieferungen" for export of goods',
		});
	});
});
