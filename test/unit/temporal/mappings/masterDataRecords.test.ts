import { masterDataRecords } from '../../../../temporal/mappings/masterDataRecords';

describe('masterDataRecords', () => {
	it('keeps only the fields a dropdown shows, plain values only', () => {
		expect(
			masterDataRecords([
				{
					id: 5,
					account_no: '3400',
					name: 'Dienstleistungsertrag',
					is_active: true,
					account_group_id: 12,
					fibu_account_group_id: { nested: true },
					end_year: null,
				},
			]),
		).toEqual([
			{ id: 5, account_no: '3400', name: 'Dienstleistungsertrag', is_active: true, end_year: null },
		]);
	});
});
