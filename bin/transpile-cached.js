/**
 * `node --require ./bin/transpile-cached.js app.ts`: runs TypeScript as ts-node's transpile-only
 * mode does (TypeScript's transpileModule, one file at a time, no type checking), keeping each
 * file's output in .cache/transpiled/ (git-ignored) under a hash of everything it depends
 * on (the source, its path, tsconfig.json and the TypeScript version). A synth whose sources did
 * not change loads no compiler at all. Stack traces (which the CDK writes into annotations) point
 * at the TypeScript lines through an inline source map and Node's --enable-source-maps.
 *
 * Used by bin/synth.js (`npm run synth`). Plain CommonJS: it loads before any compiler.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const CACHE_DIR = path.join(ROOT, '.cache', 'transpiled');
const TSCONFIG = path.join(ROOT, 'tsconfig.json');
const TSCONFIG_TEXT = fs.readFileSync(TSCONFIG, 'utf8');
const TYPESCRIPT_VERSION = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;

process.setSourceMapsEnabled(true);

let compilerOptions;

/** tsconfig.json's compiler options, as ts-node would apply them to transpileModule. */
function options(ts) {
  if (compilerOptions === undefined) {
    const parsed = ts.parseConfigFileTextToJson(TSCONFIG, TSCONFIG_TEXT);
    if (parsed.error) {
      throw new Error(`bin/transpile-cached.js: tsconfig.json: ${ts.flattenDiagnosticMessageText(parsed.error.messageText, '\n')}`);
    }
    const converted = ts.convertCompilerOptionsFromJson(parsed.config.compilerOptions, ROOT);
    compilerOptions = { ...converted.options, sourceMap: false, inlineSourceMap: true, inlineSources: false, declaration: false, noEmit: false };
  }
  return compilerOptions;
}

function transpile(source, filename) {
  const key = crypto.createHash('sha256').update(`${TYPESCRIPT_VERSION}\0${TSCONFIG_TEXT}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const ts = require('typescript');
    const output = ts.transpileModule(source, { compilerOptions: options(ts), fileName: filename }).outputText;
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, output); // then renamed: a concurrent synth never reads half a file
    fs.renameSync(partial, cached);
    return output;
  }
}

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
