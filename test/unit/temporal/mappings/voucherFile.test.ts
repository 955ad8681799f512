import {
	LEXOFFICE_MAX_FILE_BYTES,
	bexioPdfToVoucherFile,
} from '../../../../temporal/mappings/voucherFile';

/** A PDF of `bytes` bytes in bexio's answer shape (base64 content). */
const pdf = (bytes: number, extra: { name?: string; mime?: string } = {}) => {
	const data = Buffer.alloc(bytes, 0x20);
	data.write('%PDF-1.4\n', 0, 'latin1');
	return {
		name: 're-00001.pdf',
		size: bytes,
		mime: 'application/pdf',
		content: data.toString('base64'),
		...extra,
	};
};

describe('bexioPdfToVoucherFile', () => {
	it.each([
		{ case: 'a PDF as bexio names it', answer: pdf(400), filename: 're-00001.pdf', bytes: 400 },
		{
			case: 'exactly at the 5 MB limit',
			answer: pdf(LEXOFFICE_MAX_FILE_BYTES),
			filename: 're-00001.pdf',
			bytes: LEXOFFICE_MAX_FILE_BYTES,
		},
		{ case: 'no name', answer: pdf(100, { name: '' }), filename: 'RE-7.pdf', bytes: 100 },
		{
			case: 'a name without the extension lexoffice types files by',
			answer: pdf(100, { name: 'Rechnung RE-7' }),
			filename: 'Rechnung RE-7.pdf',
			bytes: 100,
		},
		{
			case: 'upper-case extension',
			answer: pdf(100, { name: 'A.PDF' }),
			filename: 'A.PDF',
			bytes: 100,
		},
	])('$case → $filename', ({ answer, filename, bytes }) => {
		const file = bexioPdfToVoucherFile(answer, 'RE-7');
		expect(file).toMatchObject({ filename, contentType: 'application/pdf' });
		expect('data' in file && file.data.length).toBe(bytes);
	});

	it.each([
		{
			case: 'one byte over 5 MB',
			answer: pdf(LEXOFFICE_MAX_FILE_BYTES + 1),
			reason: "the PDF of bexio invoice RE-7 has 5.00 MB, more than lexoffice's 5 MB limit",
		},
		{
			case: '7 MB',
			answer: pdf(7 * 1024 * 1024),
			reason:
				"has 7.00 MB, more than lexoffice's 5 MB limit for voucher files; attach a smaller copy to the voucher by hand, or run the import with attachPdf off",
		},
		{
			case: 'another media type',
			answer: pdf(100, { mime: 'image/png' }),
			reason: 'came as image/png, not application/pdf',
		},
		{
			case: 'content that is no PDF',
			answer: { name: 'x.pdf', content: Buffer.from('hello').toString('base64') },
			reason: 'is not a PDF (no %PDF- header)',
		},
		{ case: 'no content', answer: { name: 'x.pdf' }, reason: 'is not a PDF' },
	])('$case → refused with the reason', ({ answer, reason }) => {
		const file = bexioPdfToVoucherFile(answer, 'RE-7');
		expect(file).toEqual({ invalid: expect.stringContaining(reason) });
	});
});
