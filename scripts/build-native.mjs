#!/usr/bin/env node
// Builds the native kernels addon (native/binding.gyp) with node-gyp. Run by `npm install` /
// `npm ci` (the package's "install" script) and by hand (`npm run install`).
//
// It never fails the install: without a compiler, Python, make or Node's headers, it prints one
// line saying so and exits 0, and tensorgraph runs on its reference kernels (with one warning at
// first use). It never downloads: node-gyp is pointed at the headers installed beside this Node
// (or npm's configured nodedir); with neither, the build is skipped.
//
// Options: --verbose (show the compiler's output), --debug (build with -O0 -g).
// Environment: TENSORGRAPH_SKIP_NATIVE=1 skips the build.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'native');
const logFile = path.join(nativeDir, 'build', 'build-native.log');
const verbose = process.argv.includes('--verbose');
const debug = process.argv.includes('--debug');

function skip(reason) {
  console.warn(`tensorgraph: native kernels not built (${reason}); the reference TypeScript kernels will be used.`);
  process.exit(0);
}

if (process.env.TENSORGRAPH_SKIP_NATIVE === '1') skip('TENSORGRAPH_SKIP_NATIVE=1');
if (!existsSync(path.join(nativeDir, 'binding.gyp'))) skip('native/binding.gyp is missing');

// node-gyp: the one npm runs install scripts with, a local install, or the one bundled with npm.
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch { /* not installed locally */ }
  const prefix = path.dirname(path.dirname(process.execPath));
  candidates.push(path.join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'));
  candidates.push(path.join(prefix, 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'));  // Windows layout
  return candidates.find(p => p && existsSync(p));
}

// Node's headers, so that node-gyp does not try to download them.
function findNodeDir() {
  const configured = process.env.npm_config_nodedir;
  if (configured && existsSync(path.join(configured, 'include/node/node_api.h'))) return configured;
  const prefix = path.dirname(path.dirname(process.execPath));
  if (existsSync(path.join(prefix, 'include/node/node_api.h'))) return prefix;
  return null;
}

try {
  createRequire(path.join(root, 'package.json')).resolve('node-addon-api');
} catch {
  skip('the node-addon-api package is not installed');
}
const nodeGyp = findNodeGyp();
if (!nodeGyp) skip('node-gyp was not found');
const nodeDir = findNodeDir();
if (!nodeDir) skip(`Node's C headers (include/node/node_api.h) were not found beside ${process.execPath}, and downloading them is not allowed`);

const args = [nodeGyp, 'rebuild', `--directory=${nativeDir}`, `--nodedir=${nodeDir}`, '--jobs=max'];
if (debug) args.push('--debug');
const started = Date.now();
const res = spawnSync(process.execPath, args, {
  cwd: root,
  encoding: 'utf8',
  stdio: verbose ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  timeout: 10 * 60 * 1000,
  env: { ...process.env, npm_config_nodedir: nodeDir },
});
if (!verbose) {
  try {
    mkdirSync(path.dirname(logFile), { recursive: true });
    writeFileSync(logFile, `${res.stdout ?? ''}\n${res.stderr ?? ''}`);
  } catch { /* the log is a convenience */ }
}
if (res.status !== 0) {
  const why = res.error ? res.error.message : `node-gyp exited with ${res.status ?? res.signal}`;
  skip(`${why}; see ${verbose ? 'the output above' : path.relative(root, logFile)}`);
}
console.log(`tensorgraph: native kernels built in ${((Date.now() - started) / 1000).toFixed(1)} s (${path.relative(root, path.join(nativeDir, 'build', debug ? 'Debug' : 'Release', 'tensorgraph_native.node'))}).`);
