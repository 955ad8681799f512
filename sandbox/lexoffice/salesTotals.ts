import {
	asArray,
	asNumber,
	asObject,
	asString,
	compact,
	round,
	type Json,
	type JsonObject,
} from './json';
import type { SalesKind } from './tenant';

/** Server-computed amounts of a sales voucher. Input is already validated. */
export interface ComputedDocument {
	lineItems: JsonObject[];
	taxAmounts?: JsonObject[];
	totalPrice?: JsonObject;
	totalGross: number;
}

interface Options {
	kind: SalesKind;
	taxType: string;
	totalPrice: JsonObject | undefined;
}

function computeItem(
	item: JsonObject,
	o: Options,
	groups: Map<number, number>,
	counts: boolean,
): JsonObject {
	const type = asString(item.type) ?? 'custom';
	if (type === 'text')
		return compact({ type, name: asString(item.name), description: asString(item.description) });
	const gross = o.taxType === 'gross';
	const priceIn = asObject(item.unitPrice);
	const noAmounts = o.kind === 'delivery-note';
	let unitPrice: JsonObject | null = null;
	let amount: number | undefined;
	if (priceIn) {
		const rate = asNumber(priceIn.taxRatePercentage) ?? 0;
		const factor = 1 + rate / 100;
		// Only one side is sent; the other is derived on 4 decimals (13.40 net @19 % → 15.946 gross).
		const net = gross
			? round((asNumber(priceIn.grossAmount) ?? 0) / factor, 4)
			: (asNumber(priceIn.netAmount) ?? 0);
		const grs = gross ? (asNumber(priceIn.grossAmount) ?? 0) : round(net * factor, 4);
		unitPrice = { currency: 'EUR', netAmount: net, grossAmount: grs, taxRatePercentage: rate };
		const quantity = asNumber(item.quantity) ?? 0;
		const discount = o.kind === 'credit-note' ? 0 : (asNumber(item.discountPercentage) ?? 0);
		amount = round(quantity * (gross ? grs : net) * (1 - discount / 100));
		if (counts && !noAmounts) groups.set(rate, (groups.get(rate) ?? 0) + amount);
	}
	const quotation = o.kind === 'quotation';
	const subItems = quotation
		? asArray(item.subItems)?.map((s) => computeItem(asObject(s) ?? {}, o, groups, false))
		: undefined;
	return compact({
		id: type === 'material' || type === 'service' ? (asString(item.id) ?? null) : undefined,
		type,
		name: asString(item.name),
		description: asString(item.description),
		quantity: asNumber(item.quantity),
		unitName: asString(item.unitName),
		unitPrice: noAmounts && !priceIn ? undefined : unitPrice,
		discountPercentage:
			o.kind === 'credit-note' || noAmounts ? undefined : (asNumber(item.discountPercentage) ?? 0),
		lineItemAmount: noAmounts ? undefined : amount,
		optional: quotation ? item.optional === true : undefined,
		alternative: quotation ? item.alternative === true : undefined,
		subItems: subItems as Json | undefined,
	});
}

export function computeDocument(items: JsonObject[], o: Options): ComputedDocument {
	const groups = new Map<number, number>();
	// Optional and alternative positions of quotations are not part of the totals.
	const lineItems = items.map((item) =>
		computeItem(item, o, groups, item.optional !== true && item.alternative !== true),
	);
	if (o.kind === 'delivery-note') return { lineItems, totalGross: 0 };
	const gross = o.taxType === 'gross';
	const base = [...groups.values()].reduce((s, v) => s + v, 0);
	const pct = asNumber(o.totalPrice?.totalDiscountPercentage);
	const abs = asNumber(o.totalPrice?.totalDiscountAbsolute);
	let factor = 1;
	if (pct !== undefined) factor = 1 - pct / 100;
	else if (abs !== undefined && base > 0) factor = Math.max(0, base - abs) / base;
	const taxAmounts: JsonObject[] = [];
	let totalNet = 0;
	let totalTax = 0;
	for (const rate of [...groups.keys()].sort((a, b) => a - b)) {
		const sum = round((groups.get(rate) ?? 0) * factor);
		const net = gross ? round(sum / (1 + rate / 100)) : sum;
		const tax = gross ? round(sum - net) : round((net * rate) / 100);
		taxAmounts.push({ taxRatePercentage: rate, taxAmount: tax, netAmount: net });
		totalNet += net;
		totalTax += tax;
	}
	const totalGross = round(totalNet + totalTax);
	const totalPrice = compact({
		currency: 'EUR',
		totalNetAmount: round(totalNet),
		totalGrossAmount: totalGross,
		totalTaxAmount: round(totalTax),
		totalDiscountAbsolute: abs,
		totalDiscountPercentage: pct,
	});
	return { lineItems, taxAmounts, totalPrice, totalGross };
}
