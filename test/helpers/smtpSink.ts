import { createServer, type Server, type Socket } from 'node:net';

import { waitFor } from './imports';

/**
 * A plain SMTP server on a free local port that keeps every message it is handed: the receiving end of
 * n8n's Send Email node in tests (it is the mail server, not a stand-in for our code). It speaks just
 * what nodemailer uses without TLS and authentication: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
 */

export interface SunkMail {
	from: string;
	to: string[];
	/** Headers and body as sent, dot-unstuffed. */
	data: string;
}

/** A mail's text as a reader sees it: quoted-printable soft breaks and escapes decoded (nodemailer's choice for long or non-ASCII lines). */
export function mailText(mail: SunkMail): string {
	if (!/Content-Transfer-Encoding:\s*quoted-printable/i.test(mail.data)) return mail.data;
	const bytes = mail.data
		.replace(/=\r\n/g, '')
		.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	return Buffer.from(bytes, 'latin1').toString('utf8');
}

export interface SmtpSink {
	port: number;
	mails: SunkMail[];
	close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
	const mails: SunkMail[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		let buffer = '';
		let inData = false;
		let mail: SunkMail = { from: '', to: [], data: '' };
		const reply = (line: string) => socket.write(`${line}\r\n`);
		reply('220 smtp-sink ready');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end === -1) return;
					mail.data = buffer.slice(0, end).replace(/^\.\./gm, '.');
					buffer = buffer.slice(end + 5);
					mails.push(mail);
					mail = { from: '', to: [], data: '' };
					inData = false;
					reply('250 OK: queued');
					continue;
				}
				const eol = buffer.indexOf('\r\n');
				if (eol === -1) return;
				const line = buffer.slice(0, eol);
				buffer = buffer.slice(eol + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') reply('250-smtp-sink\r\n250 8BITMIME');
				else if (verb === 'HELO') reply('250 smtp-sink');
				else if (verb === 'MAIL') {
					mail.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					reply('250 OK');
				} else if (verb === 'RCPT') {
					mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 OK');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'RSET') {
					mail = { from: '', to: [], data: '' };
					reply('250 OK');
				} else if (verb === 'NOOP') reply('250 OK');
				else if (verb === 'QUIT') {
					reply('221 Bye');
					socket.end();
				} else reply('502 Command not implemented');
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return {
		port,
		mails,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** The n-th mail (1-based) the sink received, once it arrived. */
export async function untilMail(sink: SmtpSink, n: number, timeoutMs: number): Promise<SunkMail> {
	return waitFor(
		async () => (sink.mails.length >= n ? sink.mails[n - 1] : undefined),
		`mail ${n} (${sink.mails.length} arrived)`,
		timeoutMs,
	);
}
