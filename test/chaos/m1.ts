import type { Client } from '@temporalio/client';
import fc from 'fast-check';

import type { ReconcileResult, ReconcileRow } from '../../temporal/shared';
import { bexioInvoices, lexofficeDocuments, type MoneyPolicy } from '../helpers/moneyGenerators';
import {
	accountPair,
	bexioToLexofficeBatch,
	deleteBexioInvoice,
	editBexioInvoice,
	lexofficeToBexioBatch,
	reconcileBatch,
	type BatchContext,
	type BatchOutcome,
	type Tenant,
} from '../helpers/moneyRuns';

/**
 * m1: money at volume. Generated documents (the property tests' generators, a fixed seed) through the
 * invoice sync lexoffice → bexio and the invoice import bexio → lexoffice under each tax policy, every
 * target checked against the amounts computed from its generated source, then differences injected on
 * one side and the reconciliation asked to find each of them.
 */

export const M1_SEED = 16_001;
export const M1_POLICIES: MoneyPolicy[] = ['plain', 'keepGross', 'keepNet'];

export interface M1Lane {
	direction: 'lexofficeToBexio' | 'bexioToLexoffice';
	policy: MoneyPolicy;
	accounts: { source: Tenant; target: Tenant };
}

/** One account pair per direction and policy. */
export async function m1Lanes(): Promise<M1Lane[]> {
	const lanes: M1Lane[] = [];
	for (const direction of ['lexofficeToBexio', 'bexioToLexoffice'] as const)
		for (const policy of M1_POLICIES)
			lanes.push({
				direction,
				policy,
				accounts: await accountPair(
					`chaos-m1-${direction}-${policy}`,
					direction === 'lexofficeToBexio' ? 'lexoffice' : 'bexio',
					policy,
				),
			});
	return lanes;
}

export interface M1LaneResult {
	outcome: BatchOutcome;
	/** Injected changes and whether the reconciliation reported each. */
	injected: Array<{ kind: 'edit' | 'delete'; sourceId: string; found: boolean }>;
	/** Rows the reconciliation reported beyond the injected changes (should be none). */
	unexpected: ReconcileRow[];
}

/** Runs one lane: `count` generated documents synced, checked and reconciled, then `inject` changes found or missed. */
export async function runM1Lane(
	client: Client,
	taskQueue: string,
	lane: M1Lane,
	count: number,
	inject: number,
	seed: number,
): Promise<M1LaneResult> {
	const ctx: BatchContext = {
		client,
		taskQueue,
		month: '2026-06',
		policy: lane.policy,
		...lane.accounts,
	};
	const outcome =
		lane.direction === 'lexofficeToBexio'
			? await lexofficeToBexioBatch(ctx, fc.sample(lexofficeDocuments(), { seed, numRuns: count }))
			: await bexioToLexofficeBatch(
					ctx,
					fc.sample(bexioInvoices(lane.policy === 'plain' ? [19, 7, 0] : undefined), {
						seed,
						numRuns: count,
					}),
				);
	const pairs = [...outcome.targets];
	const injected: M1LaneResult['injected'] = [];
	// The target is edited or deleted lexoffice → bexio (bexio invoices), the source bexio → lexoffice.
	const bexioToken =
		lane.direction === 'lexofficeToBexio' ? lane.accounts.target.token : lane.accounts.source.token;
	for (let i = 0; i < inject && i < pairs.length; i += 1) {
		const [sourceId, targetId] = pairs[i];
		const kind = i % 2 === 0 ? 'edit' : 'delete';
		const bexioId = lane.direction === 'lexofficeToBexio' ? targetId : sourceId;
		if (kind === 'edit') await editBexioInvoice(bexioToken, bexioId);
		else await deleteBexioInvoice(bexioToken, bexioId);
		injected.push({ kind, sourceId, found: false });
	}
	const after = await reconcileBatch(ctx, lane.direction, 'after');
	return { outcome, ...found(after, injected, outcome.targets, lane.direction) };
}

/** Which injected changes the report shows where they belong, and how many rows it shows beyond them. */
function found(
	report: ReconcileResult,
	injected: M1LaneResult['injected'],
	targets: Map<string, string>,
	direction: M1Lane['direction'],
): Pick<M1LaneResult, 'injected' | 'unexpected'> {
	const explained = new Set<unknown>();
	const checked = injected.map((change) => {
		const rows = report.rows.filter((r) =>
			change.kind === 'edit'
				? r.row === 'difference' && r.sourceId === change.sourceId
				: direction === 'lexofficeToBexio'
					? r.row === 'sourceOnly' && r.sourceId === change.sourceId
					: r.row === 'targetOnly' && r.targetId === targets.get(change.sourceId),
		);
		rows.forEach((r) => explained.add(r));
		return { ...change, found: rows.length > 0 };
	});
	const unexpected = report.rows.filter((r) => r.row !== 'summary' && !explained.has(r));
	return { injected: checked, unexpected };
}
