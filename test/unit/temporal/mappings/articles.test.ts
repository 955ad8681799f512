import {
	articleFromBexio,
	articleFromLexoffice,
	articleRateAdjustment,
	lexofficeArticleDiffers,
	sameBexioArticleValue,
	targetRate,
	type LexofficeArticle,
} from '../../../../temporal/mappings/articles';
import type { BexioMasterData } from '../../../../temporal/activities/engine/masterData';
import type { TaxRateMap } from '../../../../temporal/mappings/money';

/** A Swiss bexio account: 8.1 % (id 1), 2.6 % (id 2, active), 7.7 % (id 3, inactive), units Stück and h. */
const master: BexioMasterData = {
	rateByTaxId: new Map([
		[1, 8.1],
		[2, 2.6],
		[3, 7.7],
	]),
	taxIdByRate: new Map([
		[8.1, 1],
		[2.6, 2],
	]),
	unitNameById: new Map([
		[1, 'Stk'],
		[2, 'h'],
	]),
	unitIdByName: new Map([
		['stk', 1],
		['h', 2],
	]),
	currencies: new Map([['CHF', { id: 1, roundFactor: 0.05 }]]),
	currencyCodeById: new Map([[1, 'CHF']]),
};

describe('targetRate', () => {
	const lexoffice = (r: number) => [0, 7, 19].includes(r);
	it.each([
		{ name: 'a rate the target has', rate: 19, map: {}, answer: 19 },
		{ name: 'a rate the target lacks', rate: 8.1, map: {}, answer: undefined },
		{ name: 'mapped', rate: 8.1, map: { '8.1': 19 }, answer: 19 },
		{ name: 'the map wins over an existing rate', rate: 7, map: { '7': 19 }, answer: 19 },
		{ name: 'mapped to a rate the target lacks', rate: 8.1, map: { '8.1': 20 }, answer: undefined },
	])('$name', ({ rate, map, answer }) =>
		expect(targetRate(rate, map as TaxRateMap, lexoffice)).toBe(answer),
	);
});

describe('articleFromBexio', () => {
	it.each([
		{
			name: 'a product with unit and a mapped rate',
			article: {
				id: 3,
				intern_code: ' A-1 ',
				intern_name: 'Kaffee',
				intern_description: 'Bohnen',
				article_type_id: 1,
				sale_price: '12.345',
				tax_income_id: 1,
				unit_id: 1,
			},
			map: { '8.1': 7 },
			payload: {
				title: 'Kaffee',
				description: 'Bohnen',
				type: 'PRODUCT',
				articleNumber: 'A-1',
				unitName: 'Stk',
				price: { leadingPrice: 'NET', netPrice: 12.35, taxRate: 7 },
			},
		},
		{
			name: 'a service without unit and description',
			article: {
				id: 4,
				intern_code: 'S-1',
				intern_name: 'Beratung',
				article_type_id: 2,
				sale_price: null,
				tax_income_id: 1,
			},
			map: { '8.1': 19 },
			payload: {
				title: 'Beratung',
				type: 'SERVICE',
				articleNumber: 'S-1',
				unitName: 'Stück',
				price: { leadingPrice: 'NET', netPrice: 0, taxRate: 19 },
			},
		},
	])('$name', ({ article, map, payload }) => {
		const record = articleFromBexio(article, master, map as TaxRateMap);
		expect(record).toMatchObject({
			id: String(article.id),
			keys: [`code:${payload.articleNumber}`],
			targetKeys: [`code:${payload.articleNumber}`],
		});
		expect(record.payload).toEqual(payload);
		expect(record.invalid).toBeUndefined();
	});

	it.each([
		{
			name: 'no code',
			article: { id: 1, intern_name: 'X', tax_income_id: 1 },
			invalid: 'bexio article has no article number (intern_code)',
		},
		{
			name: 'no name',
			article: { id: 1, intern_code: 'A', tax_income_id: 1 },
			invalid: 'bexio article has no name (intern_name)',
		},
		{
			name: 'no tax',
			article: { id: 1, intern_code: 'A', intern_name: 'X' },
			invalid:
				'bexio article has no sales tax (tax_income_id); lexoffice needs a tax rate on every article',
		},
		{
			name: 'an unmapped Swiss rate',
			article: { id: 1, intern_code: 'A', intern_name: 'X', tax_income_id: 1 },
			invalid:
				'bexio tax rate 8.1 % does not exist in lexoffice (0, 7, 19 %); map it with the job\'s taxRateMap, e.g. {"8.1": 19}',
		},
	])('refuses $name', ({ article, invalid }) =>
		expect(articleFromBexio(article, master, {}).invalid).toBe(invalid),
	);
});

const lexofficeArticle = (extra: Partial<LexofficeArticle> = {}): LexofficeArticle => ({
	id: 'la-1',
	version: 1,
	title: 'Kaffee',
	type: 'PRODUCT',
	articleNumber: 'A-1',
	unitName: 'Stk',
	price: { leadingPrice: 'NET', netPrice: 10, taxRate: 19 },
	...extra,
});

describe('articleFromLexoffice', () => {
	it.each([
		{
			name: 'a product, rate mapped, unit found',
			article: lexofficeArticle(),
			map: { '19': 8.1 },
			payload: {
				intern_code: 'A-1',
				intern_name: 'Kaffee',
				intern_description: null,
				article_type_id: 1,
				sale_price: '10.00',
				tax_income_id: 1,
				unit_id: 1,
			},
		},
		{
			name: 'a service, unknown unit',
			article: lexofficeArticle({ type: 'SERVICE', unitName: 'Pauschale', description: 'd' }),
			map: { '19': 2.6 },
			payload: { article_type_id: 2, intern_description: 'd', tax_income_id: 2, unit_id: null },
		},
	])('$name', ({ article, map, payload }) => {
		const record = articleFromLexoffice(article, master, map as TaxRateMap);
		expect(record.payload).toMatchObject(payload);
		expect(record.skip ?? record.invalid).toBeUndefined();
	});

	it.each([
		{
			name: 'archived',
			article: lexofficeArticle({ archived: true }),
			map: {},
			field: 'skip',
			reason: 'archived in lexoffice',
		},
		{
			name: 'no number',
			article: lexofficeArticle({ articleNumber: '' }),
			map: { '19': 8.1 },
			field: 'invalid',
			reason:
				'lexoffice article has no article number; give it one (bexio needs intern_code and the import matches by it)',
		},
		{
			name: 'no title',
			article: lexofficeArticle({ title: '' }),
			map: { '19': 8.1 },
			field: 'invalid',
			reason: 'lexoffice article has no title',
		},
		{
			name: 'a rate mapped to an inactive tax',
			article: lexofficeArticle(),
			map: { '19': 7.7 },
			field: 'invalid',
			reason:
				'lexoffice tax rate 19 % has no active bexio sales tax; map it with the job\'s taxRateMap, e.g. {"19": 8.1}',
		},
	])('$name', ({ article, map, field, reason }) =>
		expect(articleFromLexoffice(article, master, map as TaxRateMap)).toMatchObject({
			[field]: reason,
		}),
	);
});

describe('articles at a mapped rate', () => {
	it('report the rate, tax and gross the map changed per article, the net price kept; a kept rate reports nothing', () => {
		const mapped = articleFromBexio(
			{ id: 3, intern_code: 'A-1', intern_name: 'Kaffee', sale_price: '10.00', tax_income_id: 1 },
			master,
			{ '8.1': 19 },
		);
		expect(mapped.adjustment).toEqual({
			sourceId: '3',
			currency: '',
			differences: [
				{ field: 'tax', source: 0.81, target: 1.9 },
				{ field: 'gross', source: 10.81, target: 11.9 },
			],
			reason: 'tax rate 8.1 % → 19 % (tax rate map): net price 10.00 kept, gross 10.81 → 11.90',
		});
		expect(
			articleFromLexoffice(lexofficeArticle(), master, { '19': 8.1 }).adjustment,
		).toMatchObject({
			differences: [
				{ field: 'tax', source: 1.9, target: 0.81 },
				{ field: 'gross', source: 11.9, target: 10.81 },
			],
		});
		expect(articleRateAdjustment('1', 10, 8.1, 8.1)).toBeUndefined();
		expect(
			articleFromBexio(
				{ id: 3, intern_code: 'A-1', intern_name: 'Kaffee', sale_price: '10.00', tax_income_id: 2 },
				master,
				{ '8.1': 19, '2.6': 7 },
			).adjustment?.reason,
		).toBe('tax rate 2.6 % → 7 % (tax rate map): net price 10.00 kept, gross 10.26 → 10.70');
	});
});

describe('comparison', () => {
	const payload = {
		title: 'Kaffee',
		type: 'PRODUCT' as const,
		articleNumber: 'A-1',
		unitName: 'Stk',
		price: { leadingPrice: 'NET' as const, netPrice: 10, taxRate: 19 },
	};
	it.each([
		{ name: 'equal', article: lexofficeArticle(), differs: false },
		{
			name: 'other gross-only fields ignored',
			article: lexofficeArticle({
				price: { leadingPrice: 'NET', netPrice: 10, grossPrice: 11.9, taxRate: 19 },
			}),
			differs: false,
		},
		{
			name: 'another price',
			article: lexofficeArticle({ price: { netPrice: 11, taxRate: 19 } }),
			differs: true,
		},
		{
			name: 'a description added in lexoffice',
			article: lexofficeArticle({ description: 'x' }),
			differs: true,
		},
	])('lexofficeArticleDiffers: $name', ({ article, differs }) =>
		expect(lexofficeArticleDiffers(article, payload)).toBe(differs),
	);

	it.each([
		{ field: 'sale_price', current: '10.000000', wanted: '10.00', same: true },
		{ field: 'sale_price', current: '10.5', wanted: '10.00', same: false },
		{ field: 'unit_id', current: null, wanted: '', same: true },
		{ field: 'intern_name', current: 'A', wanted: 'B', same: false },
	])('sameBexioArticleValue $field $current/$wanted', ({ field, current, wanted, same }) =>
		expect(sameBexioArticleValue(field, current, wanted)).toBe(same),
	);
});
