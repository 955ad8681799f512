import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SqliteLinkStore } from '../../temporal/store';
import { describeLinkStoreContract } from '../helpers/linkStoreContract';

const dir = mkdtempSync(join(tmpdir(), 'blx-sqlite-store-'));
let n = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeLinkStoreContract('SQLite', () => ({
	newLocation: () => join(dir, `links-${++n}.sqlite`),
	open: (path) => new SqliteLinkStore(path),
}));
