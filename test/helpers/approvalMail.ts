import { waitFor } from './imports';
import { n8nApi, testN8n } from './n8n';
import { mailText, type SunkMail } from './smtpSink';

/**
 * The recipient's side of an approval mail from n8n's Send Email "send and wait": its Approve or Reject
 * link, and the click on it.
 */

/** The Approve (or Reject) link of a mail, pointed at the test n8n. */
export function approvalLink(mail: SunkMail, approved: boolean): string {
	const text = mailText(mail);
	const href = new RegExp(`href="([^"]*approved=${approved}[^"]*)"`).exec(text)?.[1];
	if (!href) throw new Error(`no ${approved ? 'Approve' : 'Reject'} link in the mail:\n${text}`);
	const url = new URL(href.replace(/&amp;/g, '&'));
	const n8n = new URL(testN8n().url);
	url.protocol = n8n.protocol;
	url.host = n8n.host;
	return url.toString();
}

/**
 * Opens a mail's link in a browser once n8n reports the execution waiting: n8n sends the mail before it
 * parks the execution, and a click in between is answered 409 ("running already"). The user agent is a
 * browser's: n8n ignores link previews by bots.
 */
export async function clickApprovalLink(url: string): Promise<void> {
	const executionId = /\/webhook-waiting\/([^/]+)/.exec(new URL(url).pathname)?.[1];
	if (!executionId) throw new Error(`not a link to a waiting execution: ${url}`);
	await waitFor(
		async () => {
			const execution = await n8nApi<{ status?: string }>(
				testN8n(),
				'GET',
				`/executions/${executionId}`,
			).catch(() => undefined);
			return execution?.status === 'waiting' ? true : undefined;
		},
		`execution ${executionId} to wait for the click`,
		120_000,
	);
	const res = await fetch(url, {
		headers: {
			'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
		},
	});
	if (res.status !== 200) throw new Error(`the link answered ${res.status}: ${await res.text()}`);
}
