/**
 * Tax codes by meaning: pure, no I/O. A 0 % line is not just "0 %": it is an export, a service abroad or
 * tax-exempt turnover, and each system files it under its own code. This table says how each meaning is
 * recognised on either side, so the jobs look the target's code up instead of writing a fixed id.
 *
 * - lexoffice says it per document in `taxConditions.taxType` (https://developers.lexware.io/docs/#invoices-endpoint):
 *   vatfree, intraCommunitySupply, constructionService13b, externalService13b, thirdPartyCountryService,
 *   thirdPartyCountryDelivery, photovoltaicEquipment; bookkeeping vouchers say it by posting category
 *   (https://developers.lexware.io/docs/#posting-categories-endpoint).
 * - bexio says it per line by the tax (https://docs.bexio.com/#tag/Taxes): type `not_taxable_turnover`,
 *   recognised by its code, its Swiss VAT form digit or its name key (recorded live taxes: ULA 221
 *   "sales_abroad", UNO 230 "sales_not_optimized"; UEX 220 "sales_export" is the export code).
 */

/** What a tax-free line means. */
export type TaxMeaning = 'export' | 'serviceAbroad' | 'exempt';

interface MeaningRow {
	meaning: TaxMeaning;
	/** What a person reads in an error. */
	label: string;
	/** lexoffice document tax types with this meaning. */
	lexofficeTaxTypes: string[];
	/** How the bexio tax is recognised: its code, its VAT form digit (Ziffer), its name key. */
	bexio: { code: string; digit: string; nameKey: string };
	/** The lexoffice posting category a bookkeeping voucher books it under (by name); none: no equivalent. */
	lexofficeCategory?: string;
}

export const TAX_MEANINGS: MeaningRow[] = [
	{
		meaning: 'export',
		label: 'export of goods',
		lexofficeTaxTypes: ['thirdPartyCountryDelivery', 'intraCommunitySupply'],
		bexio: { code: 'UEX', digit: '220', nameKey: 'sales_export' },
		lexofficeCategory: 'Ausfuhrlieferungen',
	},
	{
		meaning: 'serviceAbroad',
		label: 'service abroad (reverse charge at the recipient)',
		lexofficeTaxTypes: ['thirdPartyCountryService', 'externalService13b', 'constructionService13b'],
		bexio: { code: 'ULA', digit: '221', nameKey: 'sales_abroad' },
		lexofficeCategory: 'Dienstleistungen Drittländer',
	},
	{
		meaning: 'exempt',
		label: 'tax-exempt turnover',
		lexofficeTaxTypes: ['vatfree'],
		bexio: { code: 'UNO', digit: '230', nameKey: 'sales_not_optimized' },
	},
];

/** lexoffice document tax types that carry VAT at the line's rate: no meaning to look up. */
const TAXED = new Set(['net', 'gross']);

const rowOf = (meaning: TaxMeaning) => TAX_MEANINGS.find((r) => r.meaning === meaning)!;

/**
 * The meaning of a lexoffice document's tax type: undefined for net and gross (VAT at the rate), a meaning,
 * or why bexio has none (e.g. photovoltaicEquipment, a German 0 % rate Swiss VAT does not know).
 */
export function meaningOfTaxType(
	taxType: string | null | undefined,
): TaxMeaning | undefined | { invalid: string } {
	if (!taxType || TAXED.has(taxType)) return undefined;
	const row = TAX_MEANINGS.find((r) => r.lexofficeTaxTypes.includes(taxType));
	if (row) return row.meaning;
	return {
		invalid: `lexoffice tax type ${taxType} has no Swiss VAT code it corresponds to; book it in bexio by hand`,
	};
}

/** A bexio tax as GET /3.0/taxes answers it. */
export interface BexioTax {
	id: number;
	code?: string | null;
	digit?: string | null;
	name?: string | null;
	type?: string | null;
	is_active?: boolean;
}

/** What a bexio tax means, when it is a tax-free turnover code of the table. */
export function meaningOfBexioTax(tax: BexioTax): TaxMeaning | undefined {
	if (tax.type !== 'not_taxable_turnover') return undefined;
	const code = (tax.code ?? '').toUpperCase();
	const name = tax.name ?? '';
	return TAX_MEANINGS.find(
		({ bexio }) =>
			code === bexio.code || tax.digit === bexio.digit || name.includes(`.${bexio.nameKey}.`),
	)?.meaning;
}

/** Why a document with `meaning` cannot be written to bexio: the tax to activate. */
export function missingBexioTax(meaning: TaxMeaning): string {
	const { label, bexio } = rowOf(meaning);
	return `bexio has no active tax for ${label}: activate the tax ${bexio.code} (VAT form digit ${bexio.digit}) in bexio (Settings → Taxes) and run again`;
}

/**
 * bexio → lexoffice: the posting category id a voucher item of `meaning` books under, looked up by name in
 * lexoffice's income categories, or why there is none.
 */
export function lexofficeCategoryFor(
	meaning: TaxMeaning,
	incomeCategoryIdByName: Map<string, string>,
): string | { invalid: string } {
	const { label, lexofficeCategory } = rowOf(meaning);
	if (!lexofficeCategory)
		return {
			invalid: `lexoffice has no posting category for ${label} on bookkeeping vouchers; book it in lexoffice by hand`,
		};
	return (
		incomeCategoryIdByName.get(lexofficeCategory) ?? {
			invalid: `lexoffice has no income posting category "${lexofficeCategory}" for ${label}`,
		}
	);
}
