import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SecretScanner, secretForms } from '../../helpers/secretScan';

const token = `lexoffice-${randomBytes(16).toString('hex')}`;
const oauth = randomBytes(32).toString('base64url');
const secrets = [
	{ kind: 'tenant token', value: token },
	{ kind: 'oauth access token', value: oauth },
];
const scanner = () => new SecretScanner(secrets);
const forms = (text: string | Buffer) =>
	scanner()
		.scan('t', text)
		.map((h) => h.form);

describe('SecretScanner', () => {
	it('finds nothing in text without the secrets, and counts the bytes it scanned', () => {
		const s = scanner();
		expect(
			s.scan(
				'log',
				`contact created ${randomBytes(200).toString('base64')} ${encodeURIComponent('a b&c')}`,
			),
		).toEqual([]);
		expect(s.sources.get('log')).toBeGreaterThan(200);
	});

	it('finds a secret as raw bytes inside binary data', () => {
		expect(
			forms(Buffer.concat([randomBytes(1000), Buffer.from(oauth), randomBytes(1000)])),
		).toContain('raw');
	});

	it('finds a secret base64-encoded at every byte offset inside a larger payload, in both alphabets', () => {
		for (let pad = 0; pad < 6; pad++) {
			const payload = Buffer.from(`${'x'.repeat(pad)}{"apiKey":"${oauth}","n":1}`);
			expect(
				forms(`data: ${payload.toString('base64')} end`).some((f) => f.startsWith('base64')),
			).toBe(true);
			expect(
				forms(`data: ${payload.toString('base64url')} end`).some((f) => f.startsWith('base64')),
			).toBe(true);
		}
	});

	it('finds a URL-encoded secret, and one base64-encoded after URL-encoding', () => {
		const odd = { kind: 'client secret', value: 'a+b/c=d e&f?g%h-0123456789' };
		const s = new SecretScanner([odd]);
		expect(
			s.scan('u', `https://x.test/?secret=${encodeURIComponent(odd.value)}`).length,
		).toBeGreaterThan(0);
		expect(
			s.scan('u2', Buffer.from(`secret=${encodeURIComponent(odd.value)}`).toString('base64'))
				.length,
		).toBeGreaterThan(0);
	});

	it('finds a secret URL-encoded inside a base64 payload (decoding passes)', () => {
		const text = Buffer.from(
			`q=${token
				.split('')
				.map((c) => `%${c.charCodeAt(0).toString(16)}`)
				.join('')}`,
		).toString('base64');
		expect(forms(text)).toContain('raw in base64- and URL-decoded text');
	});

	it('reports token-shaped strings and bearer headers of secrets it was not given', () => {
		const other = `bexio-${randomBytes(16).toString('hex')}`;
		expect(
			scanner()
				.scan('t', `x ${other} y`)
				.map((h) => h.secret),
		).toEqual([`token-shaped ${other.slice(0, 16)}…`]);
		expect(
			scanner().scan('t', `Authorization: Bearer ${randomBytes(20).toString('base64url')}`),
		).toHaveLength(1);
	});

	it('needs every stable base64 needle to be long enough to mean something', () => {
		for (const f of secretForms(token)) expect(f.needle.length).toBeGreaterThanOrEqual(12);
		expect(() => new SecretScanner([{ kind: 'short', value: 'abc' }])).toThrow(/shorter than/);
	});

	it('scans every file of a folder as bytes, without following symbolic links', () => {
		const dir = mkdtempSync(join(tmpdir(), 'scan-'));
		try {
			mkdirSync(join(dir, 'sub'));
			writeFileSync(
				join(dir, 'database.sqlite-wal'),
				Buffer.concat([randomBytes(100), Buffer.from(token)]),
			);
			writeFileSync(join(dir, 'sub', 'clean.log'), 'nothing here');
			const outside = mkdtempSync(join(tmpdir(), 'scan-outside-'));
			writeFileSync(join(outside, 'leak'), token);
			symlinkSync(outside, join(dir, 'link'));
			const s = scanner();
			expect(s.scanFolder('folder', dir)).toBe(2);
			expect(s.hits.map((h) => h.where)).toEqual(['database.sqlite-wal']);
			expect(s.sources.get('folder')).toBe(100 + token.length + 'nothing here'.length);
			rmSync(outside, { recursive: true, force: true });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
