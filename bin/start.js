#!/usr/bin/env node
// `npm start`: the service, compiled from dist/ or from the sources when dist/ is stale (launch.js).
import { launch } from './launch.js';

await launch('main');
