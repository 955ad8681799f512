const { rmSync } = require('node:fs');
const { src, dest, parallel, series } = require('gulp');

/** Static assets only: icons next to nodes and credentials, and the workflow templates. */
function copyIcons() {
	// gulp 5 reads files as UTF-8 by default, which corrupts PNGs (gulpjs/gulp#2777).
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
		allowEmpty: true,
	}).pipe(dest('dist'));
}

function copyTemplates() {
	return src('workflows/*.json', { base: '.', allowEmpty: true }).pipe(dest('dist'));
}

/** Output of older builds that compiled dev tooling into dist/ (tsconfig.build.json no longer does). */
async function removeDevToolingOutput() {
	for (const entry of ['sandbox', 'bench', 'test', 'scripts', 'package.json'])
		rmSync(`dist/${entry}`, { recursive: true, force: true });
}

exports['build:assets'] = series(removeDevToolingOutput, parallel(copyIcons, copyTemplates));
