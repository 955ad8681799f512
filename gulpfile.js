const { src, dest, parallel } = require('gulp');

/** Static assets only: icons next to nodes and credentials, and the workflow templates. */
function copyIcons() {
	// gulp 5 reads files as UTF-8 by default, which corrupts PNGs (gulpjs/gulp#2777).
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false, allowEmpty: true }).pipe(
		dest('dist'),
	);
}

function copyTemplates() {
	return src('workflows/*.json', { base: '.', allowEmpty: true }).pipe(dest('dist'));
}

exports['build:assets'] = parallel(copyIcons, copyTemplates);
