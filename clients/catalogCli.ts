import { catalogLines, type Catalog } from './catalog';
import { bexioCatalog } from './bexio/catalog';
import { lexofficeCatalog } from './lexoffice/catalog';

/** `npm run -s catalog -- lexoffice|bexio`: one `METHOD /path` line per operation the node exposes. */
const catalogs: Record<string, Catalog> = { lexoffice: lexofficeCatalog, bexio: bexioCatalog };

const name = process.argv[2];
const catalog = name ? catalogs[name] : undefined;
if (!catalog) {
	process.stderr.write('usage: npm run -s catalog -- lexoffice|bexio\n');
	process.exit(2);
}
process.stdout.write(`${catalogLines(catalog).join('\n')}\n`);
