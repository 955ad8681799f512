import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import { accountingExportResult, startAccountingExport } from '../../temporal/client';
import type { AccountingExportInput, AccountingExportResult } from '../../temporal/shared';
import {
	checkHistory,
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
} from '../helpers/imports';
import { records, sandboxUrl, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

const h = useImportHarness('accounting-vouchers');

interface ManualEntry {
	reference_nr: string | null;
	date: string;
	entries: Array<{
		debit_account_id: number;
		credit_account_id: number;
		amount: number;
		tax_id: number | null;
		tax_account_id: number | null;
		currency_id: number;
		currency_factor: number;
		base_currency_amount: number;
	}>;
}
interface JournalLine {
	ref_id: number;
	ref_class: string;
	debit_account_id: number;
	credit_account_id: number;
	amount: number;
}
interface SalesVoucher {
	voucherNumber: string;
	voucherStatus: string;
	totalPrice: {
		currency: string;
		totalNetAmount: number;
		totalTaxAmount: number;
		totalGrossAmount: number;
	};
}

const round = (n: number) => Math.round(n * 100) / 100;

describe('accountingExport of lexoffice vouchers', () => {
	it("books each invoice and credit note per tax rate at the gross with the bexio tax, in EUR at bexio's rate: revenue, tax and receivables get lexoffice's net, tax and gross; a voided one is reversed; a missing rate fails its voucher; a re-run books nothing", async () => {
		const lex = await fastTenant('lexoffice', 'acc-vouchers-lex');
		const bex = await fastTenant('bexio', 'acc-vouchers-bexio');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: lex.token });
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: bex.token });
		// This bexio company is registered for German VAT too: sales taxes at 19 % and 7 %.
		await seed('bexio', bex.token, 'sales_taxes', 1, { value: 19 });
		await seed('bexio', bex.token, 'sales_taxes', 1, { value: 7 });

		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Buchungen GmbH' } },
		});
		const line = (name: string, quantity: number, net: number, rate: number) => ({
			type: 'custom',
			name,
			quantity,
			unitName: 'Stück',
			unitPrice: { currency: 'EUR', netAmount: net, taxRatePercentage: rate },
		});
		const create = async (
			kind: 'invoice.create' | 'creditNote.create',
			day: string,
			lineItems: unknown[],
			totalPrice = {},
		) =>
			lexoffice.call(kind, {
				query: { finalize: true },
				body: {
					voucherDate: `${day}T00:00:00.000+01:00`,
					address: { contactId: customer.id },
					lineItems,
					totalPrice: { currency: 'EUR', ...totalPrice },
					taxConditions: { taxType: 'net' },
					...(kind === 'invoice.create' ? { shippingConditions: { shippingType: 'none' } } : {}),
				} as never,
			});
		// 19 % and 7 % with a total discount; a credit note; one voided; one dated before bexio's first EUR rate.
		await create(
			'invoice.create',
			'2026-11-02',
			[line('Beratung', 3, 33.33, 19), line('Buch', 7, 1.15, 7)],
			{ totalDiscountPercentage: 5 },
		);
		await create('creditNote.create', '2026-11-03', [
			line('Gutschrift', 1, 80, 19),
			line('Gutschrift ermäßigt', 2, 10, 7),
		]);
		await seed('lexoffice', lex.token, 'invoices', 1, {
			status: 'voided',
			amount: 50,
			voucherDateFrom: '2026-11-04',
		});
		await create('invoice.create', '2025-06-01', [line('Alt', 1, 10, 19)]);

		const vouchers = [
			...(await records<SalesVoucher>('lexoffice', lex.token, 'invoices')).map((v) => ({
				...v,
				creditNote: false,
			})),
			...(await records<SalesVoucher>('lexoffice', lex.token, 'credit-notes')).map((v) => ({
				...v,
				creditNote: true,
			})),
		];
		const old = vouchers.find((v) => v.totalPrice.totalNetAmount === 10)!;
		const booked = vouchers.filter((v) => v !== old);
		expect(booked).toHaveLength(3);

		const taxes = (await bexio.call('tax.getAll', {})) as unknown as Array<{
			id: number;
			value: string;
			type: string;
			account_id: number;
		}>;
		const taxAt = (rate: number) =>
			taxes.find((t) => t.type === 'sales_tax' && Number(t.value) === rate)!;
		const accounts = (await bexio.list('account.getAll', {}, { returnAll: true })) as Array<{
			id: number;
			account_no: string;
		}>;
		const accountId = (no: string) => accounts.find((a) => a.account_no === no)!.id;
		const eur = (
			(await bexio.list('currency.getAll', {}, { returnAll: true })) as Array<{
				id: number;
				name: string;
			}>
		).find((c) => c.name === 'EUR')!.id;

		const taskQueue = uniqueQueue('accounting-vouchers');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[lex.connection, bex.connection],
			h.store,
		);
		const input: Omit<AccountingExportInput, 'connection' | 'lines'> = {
			lexofficeVouchers: {
				lexoffice: lex.ref,
				since: '2020-01-01',
				receivablesAccount: '1100',
				revenueAccount: '3400',
			},
		};
		const run = async (
			runKey: string,
		): Promise<{ result: AccountingExportResult; workflowId: string }> => {
			const { workflowId } = await startAccountingExport(h.env.client, {
				connection: bex.ref,
				lines: [],
				...input,
				runKey,
				taskQueue,
			});
			return { result: await accountingExportResult(h.env.client, workflowId), workflowId };
		};

		await runWorkersUntil(workers, async () => {
			const first = await run('first');
			// Two rates each for the invoice and the credit note, the voided one and its reversal, the old one failed.
			expect(first.result.stats).toMatchObject({ processed: 7, created: 6, failed: 1 });
			expect(first.result.failures).toEqual([
				{
					sourceId: expect.any(String),
					reason: `${old.voucherNumber}: bexio has no exchange rate EUR → CHF on or before 2025-06-01; add one in bexio under Settings → Currencies → Exchange rates, then run the job again`,
				},
			]);

			const entries = await records<ManualEntry & { id: number }>(
				'bexio',
				bex.token,
				'manual_entries',
			);
			expect(entries).toHaveLength(6);
			for (const e of entries) {
				const [line] = e.entries;
				// In the voucher's currency at bexio's EUR rate (0.93 since 2026-01-01); the tax on revenue.
				expect(line).toMatchObject({
					currency_id: eur,
					currency_factor: 0.93,
					tax_account_id: accountId('3400'),
				});
				expect(line.base_currency_amount).toBe(round(line.amount * 0.93));
			}
			// Per voucher, what bexio's journal holds equals lexoffice's net, tax and gross.
			const journal = (await bexio.list(
				'journal.getAll',
				{},
				{ returnAll: true },
			)) as unknown as JournalLine[];
			for (const v of booked) {
				const ids = new Set(
					entries
						.filter((e) => e.reference_nr?.startsWith(`lexoffice ${v.voucherNumber} `))
						.map((e) => e.id),
				);
				const mine = journal.filter((j) => j.ref_class === 'ManualEntry' && ids.has(j.ref_id));
				const sign = (j: JournalLine, account: number) =>
					(j.credit_account_id === account ? 1 : j.debit_account_id === account ? -1 : 0) *
					j.amount;
				const sum = (account: number) => round(mine.reduce((s, j) => s + sign(j, account), 0));
				const taxAccounts = new Set([taxAt(19).account_id, taxAt(7).account_id]);
				const tax = round([...taxAccounts].reduce((s, a) => s + sum(a), 0));
				// A credit note moves the other way; a voided voucher and its reversal add up to nothing.
				const direction = v.voucherStatus === 'voided' ? 0 : v.creditNote ? -1 : 1;
				const { totalNetAmount, totalTaxAmount, totalGrossAmount } = v.totalPrice;
				expect({
					net: sum(accountId('3400')),
					tax,
					receivables: -sum(accountId('1100')) || 0,
				}).toEqual({
					net: round(direction * totalNetAmount) || 0,
					tax: round(direction * totalTaxAmount) || 0,
					receivables: round(direction * totalGrossAmount) || 0,
				});
				if (v.voucherStatus === 'voided') expect(mine.length).toBeGreaterThan(2);
			}

			// Again: every line is linked; nothing is booked twice.
			const again = await run('again');
			expect(again.result.stats).toMatchObject({
				processed: 7,
				created: 0,
				unchanged: 6,
				failed: 1,
			});
			expect(await records('bexio', bex.token, 'manual_entries')).toHaveLength(6);
			await checkHistory(h.env.client.workflow.getHandle(again.workflowId), 'accounting-vouchers', [
				lex.token,
				bex.token,
			]);
		});
	}, 240_000);
});
