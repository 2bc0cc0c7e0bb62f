import * as fs from 'node:fs';
import * as path from 'node:path';

import { PEER_DEPENDENCIES } from '../lib/private/peer-dependencies';

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Every .ts file below a lib/ folder, recursively. */
function sourcesUnder(folder: string): string[] {
  return fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(folder, entry.name);
    return entry.isDirectory() ? sourcesUnder(relative) : entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** The module specifiers a TypeScript file imports or re-exports (static and require). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return specifiers.map((match) => match[1]);
}

describe('the npm package', () => {
  it.each(['.', './aws', './azure', './verify'])('exports %s from a compiled lib/ entry point', (subpath) => {
    const target = pkg.exports[subpath];
    expect(target.default).toMatch(/^\.\/dist\/(.+)\.js$/);
    expect(target.types).toBe(target.default.replace(/\.js$/, '.d.ts'));
    // tsconfig.build.json compiles lib/ (rootDir) into dist/ (outDir).
    const source = target.default.replace(/^\.\/dist\//, 'lib/').replace(/\.js$/, '.ts');
    expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
  });

  it('has main pointing at the root entry, so require(<repo>) loads it after npm run build', () => {
    expect(pkg.main).toBe('dist/index.js');
    expect(pkg.exports['.'].default).toBe(`./${pkg.main}`);
  });

  it('ships the gms-edge command as compiled JS with a shebang, so `npx gms-edge verify` runs it', () => {
    expect(pkg.bin).toEqual({ 'gms-edge': 'dist/verify/cli.js' });
    const source = fs.readFileSync(path.join(ROOT, 'lib/verify/cli.ts'), 'utf8');
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('makes playwright-core, which only `verify --browser` loads, an optional peer dependency', () => {
    expect(pkg.peerDependencies['playwright-core']).toBeDefined();
    expect(pkg.peerDependenciesMeta['playwright-core']).toEqual({ optional: true });
  });

  it('exports ./azure-cdktn from the build\'s CDK Terrain copy of dist/azure (test/package-build.test.ts)', () => {
    expect(pkg.exports['./azure-cdktn']).toEqual({ types: './dist/azure-cdktn/index.d.ts', default: './dist/azure-cdktn/index.js' });
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && node bin/cdktn-flavour.js dist');
    expect(fs.existsSync(path.join(ROOT, 'lib', 'azure-cdktn'))).toBe(false);
  });

  it('maps every subpath for TypeScript resolutions that ignore exports (module CommonJS, as in cdktf init)', () => {
    const subpaths = Object.keys(pkg.exports).filter((subpath) => subpath !== '.' && subpath !== './package.json');
    expect(subpaths.length).toBeGreaterThan(0);
    expect(Object.keys(pkg.typesVersions)).toEqual(['*']);
    const mapped: Record<string, string[]> = pkg.typesVersions['*'];
    expect(Object.keys(mapped).sort()).toEqual(subpaths.map((subpath) => subpath.slice(2)).sort());
    for (const subpath of subpaths) {
      expect({ subpath, types: mapped[subpath.slice(2)] }).toEqual({ subpath, types: [pkg.exports[subpath].types] });
    }
  });

  it('builds in prepare, which npm runs for npm pack, npm publish and an install from git', () => {
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && node bin/cdktn-flavour.js dist');
    // prepare already runs for npm pack; a prepack build would compile a second time.
    expect(pkg.scripts.prepack).toBeUndefined();
  });

  it('ships the compiled code and the docs the README names', () => {
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'docs', 'README.md', 'LICENSE']));
    expect(pkg.keywords).toEqual(expect.arrayContaining(['genesys', 'aws-cdk', 'cdktf', 'partitioned-cookies']));
  });

  it('makes the cloud libraries optional peer dependencies', () => {
    for (const name of ['aws-cdk-lib', 'cdktf', '@cdktf/provider-azurerm', 'cdktn', '@cdktn/provider-azurerm']) {
      expect(pkg.peerDependencies[name]).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(pkg.dependencies?.[name]).toBeUndefined();
    }
    expect(pkg.peerDependencies.constructs).toBeDefined();
  });

  it('names in its missing-peer messages exactly the peer dependency ranges of package.json', () => {
    for (const { packages } of Object.values(PEER_DEPENDENCIES)) {
      for (const [name, range] of Object.entries(packages)) {
        expect({ name, range }).toEqual({ name, range: pkg.peerDependencies[name] });
      }
    }
    const named = new Set(Object.values(PEER_DEPENDENCIES).flatMap(({ packages }) => Object.keys(packages)));
    expect([...named].sort()).toEqual(Object.keys(pkg.peerDependencies).sort());
  });
});

describe('the layering of lib/', () => {
  const cloudLibraries = /^(aws-cdk-lib|cdk-nag|cdktf|@cdktf\/|cdktn|@cdktn\/|constructs)/;

  it('lib/cookie, lib/private and the root entry import no cloud library and no cloud folder', () => {
    for (const file of ['lib/index.ts', ...sourcesUnder('lib/cookie'), ...sourcesUnder('lib/private')]) {
      for (const specifier of importsOf(file)) {
        expect({ file, specifier, cloud: cloudLibraries.test(specifier) || /\/(aws|azure)(\/|$)/.test(specifier) })
          .toEqual({ file, specifier, cloud: false });
      }
    }
  });

  it('lib/verify imports no cloud library and no cloud folder; playwright-core only lazily', () => {
    for (const file of sourcesUnder('lib/verify')) {
      for (const specifier of importsOf(file)) {
        expect({ file, specifier, cloud: cloudLibraries.test(specifier) || /\/(aws|azure)(\/|$)/.test(specifier) || specifier === 'playwright-core' })
          .toEqual({ file, specifier, cloud: false });
      }
    }
  });

  it('lib/gms, the GMS vocabulary both clouds share, imports no library and no other folder of lib/', () => {
    const files = sourcesUnder('lib/gms');
    expect(files).toContain(path.join('lib', 'gms', 'index.ts'));
    for (const file of files) {
      for (const specifier of importsOf(file)) {
        expect({ file, specifier, local: /^\.\/[^/]+$/.test(specifier) }).toEqual({ file, specifier, local: true });
      }
    }
  });

  it.each(['lib/aws', 'lib/azure'])('%s takes the GMS facts and shared checks from lib/gms', (folder) => {
    const gmsImports = sourcesUnder(folder).flatMap((file) => importsOf(file)).filter((specifier) => /(^|\/)gms$/.test(specifier));
    expect(gmsImports.length).toBeGreaterThan(0);
  });

  it('lib/aws never imports cdktf, cdktn or the Azure code', () => {
    for (const file of sourcesUnder('lib/aws')) {
      for (const specifier of importsOf(file)) {
        expect({ file, specifier, crossCloud: /^(cdktf|@cdktf\/|cdktn|@cdktn\/)|\/azure(\/|$)/.test(specifier) }).toEqual({ file, specifier, crossCloud: false });
      }
    }
  });

  it('lib/azure reaches CDK for Terraform only through internal/cdktf.ts, and names no cdktn package (the build derives that flavour)', () => {
    for (const file of sourcesUnder('lib/azure')) {
      for (const specifier of importsOf(file)) {
        const cdk = /^(cdktf|@cdktf\/|cdktn|@cdktn\/)/.test(specifier);
        expect({ file, specifier, cdk }).toEqual({ file, specifier, cdk: file === 'lib/azure/internal/cdktf.ts' && /^(cdktf|@cdktf\/provider-azurerm\/)/.test(specifier) });
      }
    }
  });

  it('lib/azure never imports aws-cdk-lib or the AWS code', () => {
    for (const file of sourcesUnder('lib/azure')) {
      for (const specifier of importsOf(file)) {
        expect({ file, specifier, crossCloud: /^(aws-cdk-lib|cdk-nag)|\/aws(\/|$)/.test(specifier) }).toEqual({ file, specifier, crossCloud: false });
      }
    }
  });
});
