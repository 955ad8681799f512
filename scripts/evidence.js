'use strict';
/**
 * `npm run -s evidence`: the strongest evidence behind every catalog operation of both APIs (live >
 * official sample > spec only > none), one line each, then one JSON line of counts per API and level and
 * the operations a job or a template uses without live or official-sample evidence.
 *   npm run -s evidence -- --readme   also write the summary into README.md (section "Evidence behind the operations")
 * Dev tooling: reads test/fixtures/live/** and test/evidence/, never shipped.
 */
const { join } = require('node:path');

require('ts-node').register({
	transpileOnly: true,
	project: join(__dirname, '..', 'tsconfig.json'),
});
require('../test/evidence/report').main(process.argv.slice(2));
