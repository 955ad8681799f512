import { encodeSearchValue, type LexofficeClient } from '../../../clients/lexoffice';

interface ContactFields {
	id?: string;
	version?: number;
	company?: { name?: string };
	person?: { firstName?: string; lastName?: string };
	roles?: Record<string, unknown>;
	emailAddresses?: Record<string, string[] | undefined>;
	note?: string;
}

/**
 * For a contact create whose answer was lost (a 5xx or a dropped connection: lexoffice may or may not
 * have stored it), a lookup that tells the two apart, so the client neither fails the item nor creates
 * the contact twice. lexoffice has no idempotency key; the contact is searched by its name and must match
 * what was sent (name, roles, e-mail addresses, note). Without a searchable name (fewer than 3
 * characters) there is no lookup and the item fails with "may have been applied", as before.
 *
 * Limit: a contact with exactly the same fields that existed before counts as the one created.
 */
export function contactCreateRecovery(
	client: LexofficeClient,
	body: unknown,
): (() => Promise<unknown>) | undefined {
	const sent = body as ContactFields;
	const name = sent.company?.name ?? sent.person?.lastName ?? '';
	if (name.length < 3) return undefined;
	return async () => {
		for await (const c of client.items(
			'contact.getAll',
			{ query: { name: likeLiteral(name) } },
			{ pageSize: 250 },
		)) {
			const stored = c as ContactFields;
			if (sameContact(sent, stored)) return { id: stored.id, version: stored.version };
		}
		return undefined;
	};
}

function sameContact(sent: ContactFields, stored: ContactFields): boolean {
	const roles = (c: ContactFields) =>
		Object.keys(c.roles ?? {})
			.sort()
			.join(',');
	const emails = (c: ContactFields) =>
		Object.entries(c.emailAddresses ?? {})
			.filter(([, list]) => list?.length)
			.map(([kind, list]) => `${kind}:${(list ?? []).join(',')}`)
			.sort()
			.join(';');
	return (
		stored.company?.name === sent.company?.name &&
		stored.person?.firstName === sent.person?.firstName &&
		stored.person?.lastName === sent.person?.lastName &&
		roles(stored) === roles(sent) &&
		emails(stored) === emails(sent) &&
		(stored.note ?? '') === (sent.note ?? '')
	);
}

/** A lexoffice name filter matching the literal text: `%`, `_` and `\` escaped. */
function likeLiteral(value: string): string {
	return encodeSearchValue(value.slice(0, 128).replace(/[\\%_]/g, (ch) => `\\${ch}`));
}
