#!/usr/bin/env node
// `npm start`: the service, compiled from dist/ or from the sources when dist/ is stale (launch.js).
const { launch } = require('./launch.js');

launch('main').catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
