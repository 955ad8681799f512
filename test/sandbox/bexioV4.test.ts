import { startBexioSandbox, type BexioTenant } from '../../sandbox/bexio';
import type { RunningSandbox } from '../../sandbox/core/server';

/** The 3.0 files and 4.0 purchase, banking and payroll families of the simulator. */

let sandbox: RunningSandbox<BexioTenant>;
let token: string;

beforeAll(async () => {
	sandbox = await startBexioSandbox();
	const res = await fetch(`${sandbox.url}/_sandbox/tenants`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rateLimit: { disabled: true } }),
	});
	token = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
	await sandbox.close();
});

async function api(method: string, path: string, body?: unknown) {
	const res = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: {
			Authorization: `Bearer ${token}`,
			Accept: 'application/json',
			...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return {
		status: res.status,
		type: res.headers.get('content-type'),
		body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> &
			Array<Record<string, unknown>>,
	};
}

async function upload(name: string, content: string): Promise<{ id: number; uuid: string }> {
	const form = new FormData();
	form.append('file', new Blob([Buffer.from(content)], { type: 'application/pdf' }), name);
	const res = await fetch(`${sandbox.url}/3.0/files`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
		body: form,
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as Array<{ id: number; uuid: string }>)[0];
}

describe('bexio sandbox: files, purchase, banking, payroll', () => {
	it('uploads, archives, downloads and deletes files', async () => {
		const file = await upload('scan.pdf', '%PDF-1.4 scan');
		expect((await api('GET', `/3.0/files/${file.id}`)).body).toMatchObject({
			name: 'scan',
			extension: 'pdf',
			size_in_bytes: 13,
			is_archived: false,
		});
		const download = await fetch(`${sandbox.url}/3.0/files/${file.id}/download`, {
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/octet-stream' },
		});
		expect(await download.text()).toBe('%PDF-1.4 scan');
		expect(
			(await api('PATCH', `/3.0/files/${file.id}`, { is_archived: true })).body.is_archived,
		).toBe(true);
		expect(
			(await api('GET', '/3.0/files?archived_state=not_archived')).body.map((f) => f.id),
		).not.toContain(file.id);
		expect(
			(
				await api('POST', '/3.0/files/search', [
					{ field: 'extension', value: 'pdf', criteria: '=' },
				])
			).body,
		).toHaveLength(1);
		expect((await api('DELETE', `/3.0/files/${file.id}`)).status).toBe(200);
		expect((await api('GET', `/3.0/files/${file.id}`)).status).toBe(404);
	});

	it('books a bill, pays it with a manual outgoing payment and pages in the v4 envelope', async () => {
		const supplier = (
			await api('POST', '/2.0/contact', {
				contact_type_id: 1,
				name_1: 'Lieferant AG',
				user_id: 1,
				owner_id: 1,
			})
		).body;
		const file = await upload('bill.pdf', '%PDF bill');
		const bill = {
			supplier_id: supplier.id,
			contact_partner_id: 1,
			bill_date: '2026-11-01',
			due_date: '2026-11-30',
			currency_code: 'CHF',
			item_net: false,
			manual_amount: false,
			address: { lastname_company: 'Lieferant AG', type: 'COMPANY' },
			line_items: [
				{ position: 0, title: 'Material', tax_id: 5, amount: 100, booking_account_id: 8 },
			],
			discounts: [],
			attachment_ids: [file.uuid],
		};
		expect((await api('POST', '/4.0/purchase/bills', { ...bill, gross: 1 })).body.message).toBe(
			'Unrecognized property: gross',
		);
		expect(
			(await api('POST', '/4.0/purchase/bills', { ...bill, bill_date: null })).body,
		).toMatchObject({ error_code: 400, message: 'bill_date must not be null' });
		const created = await api('POST', '/4.0/purchase/bills', bill);
		expect(created.body).toMatchObject({
			status: 'DRAFT',
			pending_amount: 100,
			document_no: 'LR-00001',
		});
		const id = String(created.body.id);
		expect((await api('GET', '/4.0/purchase/bills?limit=1&page=1')).body.paging).toEqual({
			page: 1,
			page_size: 1,
			page_count: 1,
			item_count: 1,
		});
		expect(
			(await api('GET', '/4.0/purchase/documentnumbers/bills?document_no=LR-00001')).body,
		).toEqual({ valid: false, next_available_no: 'LR-00002' });
		const payment = {
			bill_id: id,
			payment_type: 'MANUAL',
			execution_date: '2026-11-20',
			amount: 100,
			currency_code: 'CHF',
			exchange_rate: 1,
			is_salary_payment: false,
			sender_bank_account_id: 1,
		};
		expect((await api('POST', '/4.0/purchase/outgoing-payments', payment)).status).toBe(400);
		expect((await api('PUT', `/4.0/purchase/bills/${id}/bookings/BOOKED`)).body.status).toBe(
			'BOOKED',
		);
		expect((await api('PUT', `/4.0/purchase/bills/${id}/bookings/BOOKED`)).status).toBe(400);
		const paid = await api('POST', '/4.0/purchase/outgoing-payments', payment);
		expect(paid.status).toBe(201);
		expect((await api('GET', `/4.0/purchase/bills/${id}`)).body).toMatchObject({
			status: 'PAID',
			pending_amount: 0,
		});
		expect(
			(await api('PUT', `/4.0/purchase/outgoing-payments/${String(paid.body.id)}`, {})).status,
		).toBe(405);
		expect(
			(await api('GET', `/4.0/purchase/outgoing-payments?bill_id=${id}`)).body.data,
		).toHaveLength(1);
		expect((await api('GET', `/3.0/files/${file.id}/usage`)).body).toMatchObject({
			ref_class: 'KbBill',
			document_nr: 'LR-00001',
		});
		expect((await api('DELETE', `/4.0/purchase/bills/${id}`)).status).toBe(400);
	});

	it('creates 4.0 banking payments and filters them with filter-by', async () => {
		const account = (await api('GET', '/3.0/banking/accounts')).body[0];
		const payment = {
			account_id: account.uuid,
			type: 'iban',
			amount: 12.5,
			currency: 'CHF',
			execution_date: '2099-01-05',
			is_salary: false,
			recipient: { name: 'Muster', iban: 'CH9300762011623852957' },
		};
		const created = await api('POST', '/4.0/banking/payments', payment);
		expect(created.body).toMatchObject({ status: 'open', amount: '12.5000' });
		await api('POST', '/4.0/banking/payments', { ...payment, amount: 99 });
		expect(
			(
				(await api('GET', '/4.0/banking/payments?filter-by=amount:10_20;status:open')).body
					.results as Array<Record<string, unknown>>
			).map((p) => p.id),
		).toEqual([created.body.id]);
		// Live answers an envelope whose pages count from 1.
		const second = (await api('GET', '/4.0/banking/payments?page=2&per-page=1')).body;
		expect(second).toMatchObject({
			pagination: { page: 2, 'per-page': 1 },
			results: [{ amount: '99.0000' }],
		});
		expect((await api('GET', '/4.0/banking/payments?page=0')).status).toBe(400);
		expect(
			(await api('POST', '/4.0/banking/payments', { ...payment, execution_date: '2020-01-01' }))
				.status,
		).toBe(400);
		expect(
			(await api('POST', `/4.0/banking/payments/${String(created.body.id)}/cancel`)).status,
		).toBe(400);
		expect((await api('DELETE', `/4.0/banking/payments/${String(created.body.id)}`)).status).toBe(
			204,
		);
	});

	it('answers payroll errors as problem+json and updates with 204', async () => {
		const employee = await api('POST', '/4.0/payroll/employees', {
			firstName: 'Eva',
			lastName: 'Frei',
		});
		expect(employee.status).toBe(201);
		const id = String(employee.body.id);
		const missingDate = await api('GET', `/4.0/payroll/employees/${id}`);
		expect(missingDate.status).toBe(400);
		expect(missingDate.type).toContain('application/problem+json');
		expect(missingDate.body).toMatchObject({ status: 400, title: 'Bad Request' });
		expect((await api('PATCH', `/4.0/payroll/employees/${id}`, { lastName: 'Frey' })).status).toBe(
			204,
		);
		expect((await api('GET', `/4.0/payroll/employees/${id}?date=2026-11-01`)).body.lastName).toBe(
			'Frey',
		);
		const absence = await api('POST', `/4.0/payroll/employees/${id}/absences`, {
			reason: 'Vacation',
			startDate: '2026-12-01',
			endDate: '2026-12-05',
		});
		expect(
			(await api('GET', `/4.0/payroll/employees/${id}/absences?businessYear=2026`)).body.data,
		).toHaveLength(1);
		expect(
			(
				await api('POST', `/4.0/payroll/employees/${id}/absences`, {
					reason: 'Holiday',
					startDate: '2026-12-01',
					endDate: '2026-12-05',
				})
			).status,
		).toBe(400);
		expect(
			(await api('DELETE', `/4.0/payroll/employees/${id}/absences/${String(absence.body.id)}`))
				.status,
		).toBe(204);
		expect((await api('GET', '/4.0/payroll/employees')).body.data).toHaveLength(1);
	});
});
