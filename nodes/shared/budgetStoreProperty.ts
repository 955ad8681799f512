import type { INodeProperties } from 'n8n-workflow';

const EMPTY = 'Empty: this n8n paces requests to the account alone.';

/**
 * The credential field naming a shared request-budget store (nodes/shared/sharedBudget.ts reads it).
 * `whoShares` says who shares the budget with this credential's requests once it is set.
 */
export function budgetStoreProperty(whoShares: string): INodeProperties {
	// A password field because a postgres:// URL can hold a password.
	return {
		displayName: 'Shared Request Budget Store',
		name: 'budgetStore',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: `${EMPTY} ${whoShares}`,
	};
}
