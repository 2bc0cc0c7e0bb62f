/**
 * The CDK Terrain (cdktn) flavour of the Azure constructs, from the same source as the
 * CDK for Terraform (cdktf) one. CDK Terrain publishes CDKTF's API under new package names, so a
 * flavour is a renaming of module specifiers; this file is that renaming, used in three places:
 *
 * - the build (`npm run build`, which runs `node bin/cdktn-flavour.js dist`): `emitCdktnFlavour` copies dist/azure to dist/azure-cdktn with
 *   every cdktf module name in it renamed (the package's `./azure-cdktn` entry point);
 * - `node -r ./bin/cdktn-flavour.js` (npm run synth:azure-cdktn): resolves cdktf module names to
 *   the cdktn packages while the reference app runs from source;
 * - jest.config.js: the `cdktn` project's moduleNameMapper, so test/azure runs against cdktn.
 *
 * Plain CommonJS: jest.config.js and `node -r` load it without a TypeScript compiler.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

/** CDK for Terraform package → its CDK Terrain counterpart (same API, same submodule paths). */
const CDKTN_PACKAGE_NAMES = {
  cdktf: 'cdktn',
  '@cdktf/provider-azurerm': '@cdktn/provider-azurerm',
};

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PACKAGE_PATTERN = Object.keys(CDKTN_PACKAGE_NAMES).map(escapeRegExp).join('|');

/** `cdktf`, `cdktf/lib/x`, `@cdktf/provider-azurerm/lib/x` → the cdktn name; anything else unchanged. */
function toCdktnSpecifier(specifier) {
  const match = new RegExp(`^(${PACKAGE_PATTERN})(/.*)?$`).exec(specifier);
  return match === null ? specifier : CDKTN_PACKAGE_NAMES[match[1]] + (match[2] ?? '');
}

/**
 * Renames every string literal in compiled JavaScript or a declaration file that is a cdktf
 * module name (`require("cdktf")`, `from "@cdktf/provider-azurerm/lib/x"`, `import("cdktf")`,
 * and the flavour name given to the peer-dependency check). Prose in comments is left alone.
 */
function toCdktnSource(text) {
  return text.replace(new RegExp(`(["'])((?:${PACKAGE_PATTERN})(?:/[^"'\\s]*)?)\\1`, 'g'),
    (_literal, quote, specifier) => `${quote}${toCdktnSpecifier(specifier)}${quote}`);
}

/** Copies `<dist>/azure` to `<dist>/azure-cdktn`, renaming the cdktf module names in every file. */
function emitCdktnFlavour(distDirectory) {
  const source = path.join(distDirectory, 'azure');
  const target = path.join(distDirectory, 'azure-cdktn');
  fs.rmSync(target, { recursive: true, force: true });
  for (const file of fs.readdirSync(source, { recursive: true })) {
    const from = path.join(source, file);
    const to = path.join(target, file);
    if (fs.statSync(from).isDirectory()) {
      fs.mkdirSync(to, { recursive: true });
    } else {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, toCdktnSource(fs.readFileSync(from, 'utf8')));
    }
  }
  return target;
}

/** jest `moduleNameMapper` entries that load the cdktn packages wherever cdktf ones are imported. */
function cdktnModuleNameMapper() {
  return Object.fromEntries(Object.entries(CDKTN_PACKAGE_NAMES).flatMap(([cdktf, cdktn]) => {
    const name = escapeRegExp(cdktf);
    return [[`^${name}$`, cdktn], [`^${name}/(.*)$`, `${cdktn}/$1`]];
  }));
}

/** Makes Node resolve cdktf module names to the cdktn packages, for the rest of this process. */
function registerCdktnResolution() {
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveCdktn(request, ...rest) {
    return resolveFilename.call(this, toCdktnSpecifier(request), ...rest);
  };
}

module.exports = { CDKTN_PACKAGE_NAMES, toCdktnSpecifier, toCdktnSource, emitCdktnFlavour, cdktnModuleNameMapper, registerCdktnResolution };

if (require.main === module) {
  // node bin/cdktn-flavour.js <dist>: after tsc, in npm run build.
  emitCdktnFlavour(process.argv[2] ?? 'dist');
} else if (module.parent?.id === 'internal/preload') {
  // node -r ./bin/cdktn-flavour.js app.ts (ts-node -r too): run the app on cdktn.
  registerCdktnResolution();
}
