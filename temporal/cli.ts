#!/usr/bin/env node
import type { Client } from '@temporalio/client';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { parseCsv, toEntry } from './mappings/timesheets';
import {
	cancel,
	connectTemporal,
	getProgress,
	importResult,
	listJobs,
	approve,
	pause,
	reject,
	resume,
	startAccountingExport,
	startImport,
	startReconcile,
	startTimesheetSync,
} from './client';
import { TASK_QUEUE, TEMPORAL_ADDRESS } from './defaults';
import {
	JobInputError,
	accountingExportInput,
	bulkImportInput,
	defaultRunKey,
	parseJson,
	positiveInteger,
	reconcileInput,
	timesheetSyncInput,
} from './jobInput';
import { reconcileCsv } from './mappings/reconcile';
import {
	jobProgressQuery,
	type AccountingExportResult,
	type BookingLine,
	type BulkImportResult,
	type ImportProgress,
	type JobProgress,
	type ReconcileResult,
	type TimesheetSyncResult,
} from './shared';

/**
 * `bexio-lexoffice`: the durable jobs from a terminal, for people who run migrations there. The job runs
 * in Temporal (a worker must be running); this command starts or attaches to it and draws its progress.
 * Ctrl-C only detaches: the import goes on and can be watched or cancelled later.
 */

const USAGE = `Usage:
  bexio-lexoffice import contacts|articles|invoices --from bexio|lexoffice --to lexoffice|bexio [options]
      --source <id>       source connection as the worker names it (default <system>-default)
      --target <id>       target connection (default <system>-default)
      --dry-run           read and plan only; prints the planned writes
      --match-by-email    let an e-mail address identify a record when nothing else does
      --page-size <n>     records per page (default 100)
      --tax-rate-map <j>  articles, invoices: source % → target % where the target lacks the rate, e.g. '{"8.1":19}'
      --tax-policy <p>    invoices with a mapped rate: fail (default) | keepGross (the customer owes the same) | keepNet (the gross changes)
      --exchange-rates <j>  invoices: 1 unit of a currency in bexio's base currency, e.g. '{"EUR":0.93}' (1 EUR = 0.93 CHF); wins over bexio's rates
      --include-down-payments  invoices from lexoffice: also down payment invoices
      --collective-contact     invoices to lexoffice: book on the collective customer instead of each customer
      --no-pdf                 invoices to lexoffice: book vouchers without the bexio invoice PDF
      --approval          plan first; write only after 'approve <job-id> <plan-hash>' (the progress shows the hash)
      --run-key <key>     names this run; the same key attaches to a running job (default: today's date)
      --detach            start and return at once
  bexio-lexoffice timesheets <file.csv|file.json> [options]   time entries → bexio (columns/fields as the jobs node's entries)
      --mode <m>          preview (plan only) | timesheets (default) | invoiceDrafts
      --connection <id>   bexio connection (default bexio-default)
      --source-name <n>   names the source of the external ids (default n8n)
      --run-key <key>     as for import
  bexio-lexoffice bookings <file.csv|file.json> [options]     booking lines → bexio manual entries
      --account-map <j>   source account → bexio account number, e.g. '{"sales":"3400"}'
      --debit <account>   debit account of lines that name none (default 1000)
      --credit <account>  credit account of lines that name none
      --dry-run           resolve and plan only; prints the planned entries
      --connection, --source-name, --run-key as above
  bexio-lexoffice reconcile --from <yyyy-MM-dd> --to <yyyy-MM-dd> [options]   linked invoices of a period, both sides compared (reads only)
      --lexoffice <id>    lexoffice connection (default lexoffice-default)
      --bexio <id>        bexio connection (default bexio-default)
      --direction <d>     both (default) | lexofficeToBexio | bexioToLexoffice
      --tax-rate-map <j>  the rate maps the jobs used, per direction, e.g. '{"lexofficeToBexio":{"19":8.1}}'
      --tax-policy <p>    the jobs' tax policy (keepGross | keepNet | fail, or per direction '{"lexofficeToBexio":"keepGross"}'): a mapped rate is compared on what it keeps
      --out <file>        also write the report: report.csv (one line per row) or report.json
      --run-key <key>     as for import
  bexio-lexoffice progress <job-id>
  bexio-lexoffice pause <job-id> | resume <job-id> | cancel <job-id>
  bexio-lexoffice approve <job-id> <plan-hash> | reject <job-id> [reason]   a plan awaiting approval
  bexio-lexoffice jobs [--prefix import/contacts/] [--limit 20]

Temporal: TEMPORAL_ADDRESS (default ${TEMPORAL_ADDRESS}), TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS=true;
BLX_TASK_QUEUE when the worker uses another task queue than ${TASK_QUEUE}.`;

class UsageError extends Error {}

/** One line of progress: a bar when the total is known, counts always. */
/** After Job → Approve / Reject: a bulk import's progress line, or a timesheet sync's phase and counts. */
function decisionLine(p: ImportProgress | JobProgress): string {
	if ('kind' in p) return progressLine(p);
	const s = p.stats;
	return `${p.phase ?? 'running'}: ${s.processed} processed · ${s.created} created · ${s.failed} failed`;
}

export function progressLine(p: ImportProgress, width = 30): string {
	const s = p.stats;
	const counts = `${s.processed} processed · ${s.created} created · ${s.updated} updated · ${s.unchanged + s.skipped} unchanged/skipped · ${s.failed} failed`;
	const state = p.waiting ? 'paused' : p.paused ? 'pausing' : p.phase;
	const rate = p.ratePerSecond !== undefined ? ` · ${p.ratePerSecond}/s` : '';
	const eta = p.etaSeconds !== undefined ? ` · ETA ${formatSeconds(p.etaSeconds)}` : '';
	if (p.phase === 'indexing') return `[indexing target: ${p.indexed} records] ${state}`;
	if (p.phase === 'awaitingApproval' && p.approval?.planHash)
		return `awaiting approval of plan ${p.approval.planHash}: ${counts} (approve <job-id> ${p.approval.planHash} | reject <job-id>)`;
	if (!p.total) return `${state}: ${counts}${rate}`;
	const share = Math.min(1, s.processed / p.total);
	const filled = Math.round(share * width);
	return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${state}: ${counts}${rate}${eta}`;
}

function formatSeconds(seconds: number): string {
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const sec = Math.floor(seconds % 60);
	return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Draws progress until the job closes; returns its result, or undefined when it was cancelled or failed. */
async function watch(client: Client, workflowId: string): Promise<BulkImportResult | undefined> {
	const tty = process.stderr.isTTY;
	let last = '';
	for (;;) {
		const description = await client.workflow.getHandle(workflowId).describe();
		const running = description.status.name === 'RUNNING';
		const progress = await getProgress(client, workflowId).catch(() => undefined);
		if (progress) {
			const line = progressLine(progress);
			if (tty) process.stderr.write(`\r\x1b[2K${line}`);
			else if (line !== last) process.stderr.write(`${line}\n`);
			last = line;
		}
		if (!running) {
			if (tty) process.stderr.write('\n');
			if (description.status.name === 'COMPLETED') return importResult(client, workflowId);
			process.stderr.write(`Job ${workflowId} ended ${description.status.name.toLowerCase()}.\n`);
			return undefined;
		}
		await sleep(1000);
	}
}

function printResult(result: BulkImportResult): void {
	process.stdout.write(
		`${JSON.stringify({ jobId: result.jobId, dryRun: result.dryRun, stats: result.stats, durationMs: result.durationMs })}\n`,
	);
	for (const f of result.failures) process.stdout.write(`failed ${f.sourceId}: ${f.reason}\n`);
	for (const a of result.adjustments ?? [])
		process.stdout.write(`adjusted ${a.sourceId} → ${a.targetId}: ${a.reason}\n`);
	if (result.failuresFile) process.stdout.write(`all failures: ${result.failuresFile}\n`);
	if (result.dryRun)
		for (const p of result.planned)
			process.stdout.write(
				`plan ${p.action} ${p.sourceId}${p.targetId ? ` → ${p.targetId}` : ''}\n`,
			);
}

/** Records of a local CSV (header row) or JSON file (an array, or {"entries"|"lines": [...]}). */
function readRecords(path: string | undefined, command: string): Array<Record<string, unknown>> {
	if (!path) throw new UsageError(`${command} needs a file (CSV with a header row, or JSON)`);
	const text = readFileSync(path, 'utf8');
	if (!/\.json$/i.test(path)) return parseCsv(text);
	const data = parseJson(text, path);
	const box = data as { entries?: unknown; lines?: unknown };
	const list = Array.isArray(data)
		? data
		: Array.isArray(box?.entries)
			? box.entries
			: Array.isArray(box?.lines)
				? box.lines
				: undefined;
	if (!list)
		throw new UsageError(`${path} holds no array (nor {"entries": [...]} / {"lines": [...]})`);
	return (list as unknown[]).filter(
		(r): r is Record<string, unknown> => typeof r === 'object' && r !== null,
	);
}

/** A booking line from a file record: numbers where the line takes numbers. */
function toBookingLine(raw: Record<string, unknown>): BookingLine {
	const line: Record<string, unknown> = { ...raw, externalId: String(raw.externalId ?? '') };
	for (const k of ['taxId', 'currencyFactor'])
		if (line[k] === '' || line[k] === undefined) delete line[k];
	if (line.taxId !== undefined) line.taxId = Number(line.taxId);
	if (line.currencyFactor !== undefined) line.currencyFactor = Number(line.currencyFactor);
	for (const k of ['debitAccount', 'creditAccount', 'taxCode', 'currency'])
		if (line[k] === '') delete line[k];
	return line as unknown as BookingLine;
}

/** Draws the progress of a timesheet sync or accounting export until it closes; its result, or undefined. */
async function watchJob<R>(client: Client, workflowId: string): Promise<R | undefined> {
	const tty = process.stderr.isTTY;
	let last = '';
	for (;;) {
		const handle = client.workflow.getHandle(workflowId);
		const description = await handle.describe();
		const p = await handle.query(jobProgressQuery).catch(() => undefined);
		if (p) {
			const s = p.stats;
			const line = `${s.processed}/${p.total} processed · ${s.created} created · ${s.updated} updated · ${s.unchanged + s.skipped} unchanged/skipped · ${s.failed} failed`;
			if (tty) process.stderr.write(`\r\x1b[2K${line}`);
			else if (line !== last) process.stderr.write(`${line}\n`);
			last = line;
		}
		if (description.status.name !== 'RUNNING') {
			if (tty) process.stderr.write('\n');
			if (description.status.name === 'COMPLETED') return (await handle.result()) as R;
			process.stderr.write(`Job ${workflowId} ended ${description.status.name.toLowerCase()}.\n`);
			return undefined;
		}
		await sleep(1000);
	}
}

/** Starts (or attaches), then detaches or watches and prints; the exit code of main. */
async function runJob<R extends TimesheetSyncResult | AccountingExportResult>(
	client: Client,
	workflowId: string,
	detach: boolean | undefined,
	plan: boolean,
): Promise<number> {
	process.stderr.write(`Job ${workflowId}\n`);
	if (detach) return 0;
	process.once('SIGINT', () => {
		process.stderr.write(
			`\nDetached. The job goes on: bexio-lexoffice progress ${workflowId} | cancel ${workflowId}\n`,
		);
		process.exit(130);
	});
	const result = await watchJob<R>(client, workflowId);
	if (!result) return 1;
	const extra =
		'invoices' in result
			? { fictionalUsers: result.fictionalUsers, invoices: result.invoices }
			: {};
	process.stdout.write(`${JSON.stringify({ jobId: workflowId, stats: result.stats, ...extra })}\n`);
	for (const f of result.failures) process.stdout.write(`failed ${f.sourceId}: ${f.reason}\n`);
	if (result.failuresFile) process.stdout.write(`all failures: ${result.failuresFile}\n`);
	if (plan)
		for (const p of result.planned)
			process.stdout.write(
				`plan ${p.action} ${p.sourceId}${p.targetId ? ` → ${p.targetId}` : ''} ${JSON.stringify(p.body)}\n`,
			);
	return result.stats.failed > 0 ? 2 : 0;
}

const OPTIONS = {
	from: { type: 'string' },
	to: { type: 'string' },
	source: { type: 'string' },
	target: { type: 'string' },
	'dry-run': { type: 'boolean' },
	'match-by-email': { type: 'boolean' },
	'page-size': { type: 'string' },
	'run-key': { type: 'string' },
	'tax-rate-map': { type: 'string' },
	'tax-policy': { type: 'string' },
	'exchange-rates': { type: 'string' },
	'include-down-payments': { type: 'boolean' },
	'collective-contact': { type: 'boolean' },
	'no-pdf': { type: 'boolean' },
	approval: { type: 'boolean' },
	detach: { type: 'boolean' },
	prefix: { type: 'string' },
	limit: { type: 'string' },
	mode: { type: 'string' },
	connection: { type: 'string' },
	'source-name': { type: 'string' },
	'account-map': { type: 'string' },
	debit: { type: 'string' },
	credit: { type: 'string' },
	lexoffice: { type: 'string' },
	bexio: { type: 'string' },
	direction: { type: 'string' },
	out: { type: 'string' },
} as const;

const parseCommandLine = (args: string[]) =>
	parseArgs({ args, allowPositionals: true, options: OPTIONS });

type Args = ReturnType<typeof parseCommandLine>;
/** One command: its input is checked before `connect` is called, so a bad command line starts nothing. */
type Command = (args: Args, connect: () => Promise<Client>) => Promise<number>;

const job = (values: Args['values']) => ({
	runKey: values['run-key'] ?? defaultRunKey(),
	taskQueue: process.env.BLX_TASK_QUEUE || undefined,
});

async function importCommand(
	{ values, positionals }: Args,
	connect: () => Promise<Client>,
): Promise<number> {
	const input = bulkImportInput(
		{
			kind: positionals[0],
			from: values.from,
			to: values.to,
			source: values.source,
			target: values.target,
			dryRun: values['dry-run'],
			matchByEmail: values['match-by-email'],
			pageSize: values['page-size'],
			taxRateMap: values['tax-rate-map'],
			taxPolicy: values['tax-policy'],
			exchangeRates: values['exchange-rates'],
			includeDownPayments: values['include-down-payments'],
			collectiveContact: values['collective-contact'],
			...(values['no-pdf'] ? { attachPdf: false } : {}),
			approval: values.approval,
		},
		{
			kind: 'import <kind>',
			from: '--from',
			to: '--to',
			source: '--source',
			target: '--target',
			pageSize: '--page-size',
			taxRateMap: '--tax-rate-map',
			taxPolicy: '--tax-policy',
			exchangeRates: '--exchange-rates',
		},
	);
	const client = await connect();
	const { workflowId } = await startImport(client, { ...input, ...job(values) });
	process.stderr.write(`Job ${workflowId}\n`);
	if (values.detach) return 0;
	process.once('SIGINT', () => {
		process.stderr.write(
			`\nDetached. The job goes on: bexio-lexoffice progress ${workflowId} | cancel ${workflowId}\n`,
		);
		process.exit(130);
	});
	const result = await watch(client, workflowId);
	if (!result) return 1;
	printResult(result);
	return result.stats.failed > 0 ? 2 : 0;
}

async function timesheetsCommand(
	{ values, positionals }: Args,
	connect: () => Promise<Client>,
): Promise<number> {
	const entries = readRecords(positionals[0], 'timesheets').map(toEntry);
	const input = timesheetSyncInput(
		{
			connection: values.connection,
			mode: values.mode,
			entries,
			sourceName: values['source-name'],
		},
		{ mode: '--mode' },
	);
	const client = await connect();
	const { workflowId } = await startTimesheetSync(client, { ...input, ...job(values) });
	return await runJob<TimesheetSyncResult>(
		client,
		workflowId,
		values.detach,
		input.mode === 'preview',
	);
}

async function bookingsCommand(
	{ values, positionals }: Args,
	connect: () => Promise<Client>,
): Promise<number> {
	const input = accountingExportInput(
		{
			connection: values.connection,
			lines: readRecords(positionals[0], 'bookings').map(toBookingLine),
			accountMap: values['account-map'],
			debitAccount: values.debit,
			creditAccount: values.credit,
			dryRun: values['dry-run'],
			sourceName: values['source-name'],
		},
		{ accountMap: '--account-map' },
	);
	const client = await connect();
	const { workflowId } = await startAccountingExport(client, { ...input, ...job(values) });
	return await runJob<AccountingExportResult>(
		client,
		workflowId,
		values.detach,
		values['dry-run'] ?? false,
	);
}

/**
 * Starts (or attaches to) a reconciliation, waits for its report, prints one line per row that needs a
 * look (one side only, differing pairs) after the summary, and writes the report as CSV or JSON with
 * --out. Exit 0 when everything reconciles, 2 when rows need a look.
 */
async function reconcileCommand({ values }: Args, connect: () => Promise<Client>): Promise<number> {
	const input = reconcileInput(
		{
			lexoffice: values.lexoffice,
			bexio: values.bexio,
			from: values.from,
			to: values.to,
			direction: values.direction,
			taxRateMap: values['tax-rate-map'],
			taxPolicy: values['tax-policy'],
			pageSize: values['page-size'],
		},
		{
			from: '--from',
			to: '--to',
			direction: '--direction',
			taxRateMap: '--tax-rate-map',
			taxPolicy: '--tax-policy',
			pageSize: '--page-size',
		},
	);
	const out = values.out;
	if (out !== undefined && !/\.(csv|json)$/i.test(out))
		throw new UsageError(`--out names a .csv or .json file; got ${out}`);
	const client = await connect();
	const { workflowId } = await startReconcile(client, { ...input, ...job(values) });
	process.stderr.write(`Job ${workflowId}\n`);
	if (values.detach) return 0;
	const result = (await client.workflow.getHandle(workflowId).result()) as ReconcileResult;
	process.stdout.write(
		`${JSON.stringify({ jobId: workflowId, from: result.from, to: result.to, totals: result.totals })}\n`,
	);
	for (const r of result.rows) {
		const who = [
			r.sourceId && `source ${r.sourceNumber ?? r.sourceId}`,
			r.targetId && `target ${r.targetNumber ?? r.targetId}`,
		]
			.filter(Boolean)
			.join(' ');
		const money = (side: string, net?: string, tax?: string, gross?: string) =>
			gross === undefined ? '' : ` ${side} ${net}/${tax}/${gross}`;
		const line = `${r.row} ${r.direction} ${r.currency} ${r.taxRate} %${who ? ` ${who}` : ''}${r.sourceCount !== undefined ? ` count ${r.sourceCount}/${r.targetCount}` : ''}${money('source', r.sourceNet, r.sourceTax, r.sourceGross)}${money('target', r.targetNet, r.targetTax, r.targetGross)}${money('difference', r.differenceNet, r.differenceTax, r.differenceGross)}${r.reason ? `: ${r.reason}` : ''}`;
		process.stdout.write(`${line}\n`);
	}
	if (out) {
		writeFileSync(
			out,
			/\.csv$/i.test(out) ? reconcileCsv(result.rows) : `${JSON.stringify(result, null, 2)}\n`,
		);
		process.stderr.write(`Report: ${out}\n`);
	}
	const { sourceOnly, targetOnly, differences } = result.totals;
	return sourceOnly + targetOnly + differences > 0 ? 2 : 0;
}

/** A command on one existing job, named by the first positional. */
const onJob =
	(command: string, run: (client: Client, id: string) => Promise<string>): Command =>
	async ({ positionals }, connect) => {
		const id = positionals[0];
		if (!id) throw new UsageError(`${command} needs a job id (see: bexio-lexoffice jobs)`);
		process.stdout.write(`${await run(await connect(), id)}\n`);
		return 0;
	};

const COMMANDS: Record<string, Command> = {
	import: importCommand,
	timesheets: timesheetsCommand,
	bookings: bookingsCommand,
	reconcile: reconcileCommand,
	progress: onJob('progress', async (client, id) =>
		JSON.stringify(await getProgress(client, id), null, 2),
	),
	pause: onJob('pause', async (client, id) => progressLine(await pause(client, id))),
	resume: onJob('resume', async (client, id) => progressLine(await resume(client, id))),
	async approve({ positionals }, connect) {
		const [id, planHash] = positionals;
		if (!id || !planHash)
			throw new UsageError(
				'approve needs a job id and the plan hash its progress shows (bexio-lexoffice progress <job-id>)',
			);
		process.stdout.write(`${decisionLine(await approve(await connect(), id, planHash))}\n`);
		return 0;
	},
	async reject({ positionals }, connect) {
		const [id, ...reason] = positionals;
		if (!id) throw new UsageError('reject needs a job id (see: bexio-lexoffice jobs)');
		const progress = await reject(await connect(), id, reason.join(' ') || 'rejected');
		process.stdout.write(`${decisionLine(progress)}\n`);
		return 0;
	},
	cancel: onJob('cancel', async (client, id) => {
		await cancel(client, id);
		return `Cancellation requested for ${id}`;
	}),
	async jobs({ values }, connect) {
		const limit = positiveInteger(values.limit, '--limit');
		for (const j of await listJobs(await connect(), { prefix: values.prefix, limit })) {
			process.stdout.write(`${j.status.padEnd(11)} ${j.startTime.toISOString()} ${j.workflowId}\n`);
		}
		return 0;
	},
};

/** Exit codes: 0 done without failures, 2 done with failed records (listed), 1 error, cancel or usage. */
export async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (!command || command === 'help' || command === '--help') {
		process.stdout.write(`${USAGE}\n`);
		return command ? 0 : 1;
	}
	const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
	if (!run) throw new UsageError(`Unknown command "${command}"`);
	let connecting: Promise<Client> | undefined;
	try {
		return await run(parseCommandLine(rest), () => (connecting ??= connectTemporal()));
	} finally {
		const client = await connecting?.catch(() => undefined);
		await client?.connection.close();
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: unknown) => {
			const message = error instanceof Error ? error.message : String(error);
			process.stderr.write(
				`${message}\n${error instanceof UsageError || error instanceof JobInputError ? `\n${USAGE}\n` : ''}`,
			);
			process.exit(1);
		},
	);
}
