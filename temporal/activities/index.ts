import { Context } from '@temporalio/activity';

import type { ConnectionSource } from '../connections';
import type { ConnectionRef } from '../shared';
import { ActivityClients } from './clients';
import { mapFailures } from './failures';

export interface ActivityDeps {
	connections: ConnectionSource;
}

export interface ContactsPage {
	ids: string[];
	/** Cursor of the next page; absent after the last page. */
	next?: number;
}

/**
 * Builds every activity from its dependencies, so the worker and the tests construct them the same
 * way (activities-dependency-injection sample).
 */
export function createActivities(deps: ActivityDeps) {
	const clients = new ActivityClients(deps.connections);

	return {
		/**
		 * Reads one page of contacts (GET /v1/contacts or GET /2.0/contact) at `cursor`. Read-only, so
		 * Temporal may retry it freely; returns ids only, to keep payloads small.
		 */
		async readContactsPage(input: { connection: ConnectionRef; cursor?: number; pageSize?: number }): Promise<ContactsPage> {
			return mapFailures(async () => {
				const signal = Context.current().cancellationSignal;
				const pages =
					input.connection.system === 'lexoffice'
						? clients.lexoffice(input.connection).pages('contact.getAll', { signal }, { pageSize: input.pageSize, start: input.cursor })
						: clients.bexio(input.connection).pages('contact.getAll', { signal }, { pageSize: input.pageSize, start: input.cursor });
				for await (const page of pages) {
					return { ids: page.items.map((c) => String((c as { id: unknown }).id)), next: page.next };
				}
				return { ids: [] };
			});
		},
	};
}

export type Activities = ReturnType<typeof createActivities>;
