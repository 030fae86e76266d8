#!/usr/bin/env node
// The `cadang` command: the compiled CLI from dist/, or the sources through tsx when dist/ is
// missing or older than src/ (see launch.js).
const { launch } = require('./launch.js');

launch('cli/main', { shortLived: true }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
