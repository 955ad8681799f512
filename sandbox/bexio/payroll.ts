import type { Router, SandboxRequest } from '../core/http';
import { problem } from './errors';
import type { Json } from './request';
import { collection, insert, publicView, rows, type BexioRecord, type BexioTenant } from './store';

const REASONS = [
	'Injury',
	'Sickness',
	'MaternityLeave',
	'MilitaryLeave',
	'Vacation',
	'InterruptionOfWork',
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Payroll answers errors as problem+json. */
function body(req: SandboxRequest): Json {
	try {
		const value = JSON.parse(req.rawBody.toString('utf8') || '{}') as unknown;
		if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
	} catch {
		// fall through to the problem below
	}
	return problem(400, 'Bad Request', 'The body must be a JSON object');
}

function employee(t: BexioTenant, id: string): BexioRecord {
	const e = collection(t, 'employees').get(id);
	if (!e) return problem(404, 'Not Found', `Employee ${id} not found`);
	if (e._deleted) return problem(410, 'Gone', `Employee ${id} was deleted`);
	return e;
}

function checkAbsence(data: Json): void {
	if (!REASONS.includes(String(data.reason)))
		problem(400, 'Bad Request', `reason must be one of ${REASONS.join(', ')}`);
	if (!DATE.test(String(data.startDate ?? '')) || !DATE.test(String(data.endDate ?? '')))
		problem(400, 'Bad Request', 'startDate and endDate must be YYYY-MM-DD');
	if (String(data.endDate) < String(data.startDate))
		problem(400, 'Bad Request', 'endDate must not be before startDate');
}

/** Payroll employees and absences: `{data}` lists, 204 on updates, UUID ids. */
export function registerPayroll(router: Router<BexioTenant>): void {
	const base = '/4.0/payroll/employees';
	router.get(base, (_req, t) => ({
		status: 200,
		body: {
			data: rows(t, 'employees')
				.filter((e) => !e._deleted)
				.map(publicView),
		},
	}));
	router.post(base, (req, t) => {
		const data = body(req);
		for (const key of ['firstName', 'lastName'])
			if (!data[key]) problem(400, 'Bad Request', `${key} must not be null`);
		return {
			status: 201,
			body: publicView(
				insert(
					t,
					'employees',
					{
						...data,
						personalNumber: data.personalNumber ?? String(rows(t, 'employees').length + 1),
					},
					'uuid',
				),
			),
		};
	});
	router.get(`${base}/:id`, (req, t) => {
		const date = req.query.get('date');
		if (!date || !DATE.test(date))
			problem(400, 'Bad Request', 'Query parameter date (YYYY-MM-DD) is required');
		return { status: 200, body: publicView(employee(t, req.params.id)) };
	});
	router.patch(`${base}/:id`, (req, t) => {
		const e = employee(t, req.params.id);
		Object.assign(e, body(req), { id: e.id });
		return { status: 204 };
	});
	router.get(`${base}/:id/paystub-pdf/:year/:month`, (req, t) => {
		const e = employee(t, req.params.id);
		const month = Number(req.params.month);
		if (!/^\d{4}$/.test(req.params.year) || !(month >= 1 && month <= 12))
			problem(400, 'Bad Request', 'year and month are invalid');
		return {
			status: 200,
			body: {
				location: `https://files.bexio.com/payroll/${String(e.id)}/${req.params.year}-${String(month).padStart(2, '0')}.pdf`,
			},
		};
	});
	const absences = `${base}/:id/absences`;
	router.get(absences, (req, t) => {
		const e = employee(t, req.params.id);
		const year = req.query.get('businessYear');
		if (!year || !/^\d{4}$/.test(year))
			problem(400, 'Bad Request', 'Query parameter businessYear is required');
		return {
			status: 200,
			body: {
				data: rows(t, 'absences')
					.filter((a) => a.employee_id === e.id && String(a.startDate).startsWith(year!))
					.map(publicView),
			},
		};
	});
	router.post(absences, (req, t) => {
		const e = employee(t, req.params.id);
		const data = body(req);
		checkAbsence(data);
		return {
			status: 201,
			body: publicView(insert(t, 'absences', { ...data, employee_id: e.id }, 'uuid')),
		};
	});
	const absence = (req: SandboxRequest, t: BexioTenant) => {
		const e = employee(t, req.params.id);
		const a = collection(t, 'absences').get(req.params.absence);
		if (!a || a.employee_id !== e.id) return problem(404, 'Not Found', 'Absence not found');
		return a;
	};
	router.get(`${absences}/:absence`, (req, t) => ({
		status: 200,
		body: publicView(absence(req, t)),
	}));
	router.put(`${absences}/:absence`, (req, t) => {
		const a = absence(req, t);
		const data = body(req);
		checkAbsence(data);
		collection(t, 'absences').set(a.id, {
			...data,
			id: a.id,
			employee_id: a.employee_id,
		} as BexioRecord);
		return { status: 204 };
	});
	router.delete(`${absences}/:absence`, (req, t) => {
		collection(t, 'absences').delete(absence(req, t).id);
		return { status: 204 };
	});
}
