#!/usr/bin/env node
// The `cadang` command: the compiled CLI from dist/, or the sources through tsx when dist/ is
// missing or older than src/ (see launch.js).
import { launch } from './launch.js';

await launch('cli/main', { shortLived: true });
