import * as fs from 'node:fs';
import * as path from 'node:path';

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
  it.each(['.', './aws', './azure'])('exports %s from a compiled lib/ entry point', (subpath) => {
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

  it('makes the cloud libraries optional peer dependencies', () => {
    for (const name of ['aws-cdk-lib', 'cdktf', '@cdktf/provider-azurerm']) {
      expect(pkg.peerDependencies[name]).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(pkg.dependencies?.[name]).toBeUndefined();
    }
    expect(pkg.peerDependencies.constructs).toBeDefined();
  });
});

describe('the layering of lib/', () => {
  const cloudLibraries = /^(aws-cdk-lib|cdk-nag|cdktf|@cdktf\/|constructs)/;

  it('lib/cookie, lib/headers and the root entry import no cloud library and no cloud folder', () => {
    for (const file of ['lib/index.ts', ...sourcesUnder('lib/cookie'), ...sourcesUnder('lib/headers')]) {
      for (const specifier of importsOf(file)) {
        expect({ file, specifier, cloud: cloudLibraries.test(specifier) || /\/(aws|azure)(\/|$)/.test(specifier) })
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

  it('lib/aws never imports cdktf or the Azure code', () => {
    for (const file of sourcesUnder('lib/aws')) {
      for (const specifier of importsOf(file)) {
        expect({ file, specifier, crossCloud: /^(cdktf|@cdktf\/)|\/azure(\/|$)/.test(specifier) }).toEqual({ file, specifier, crossCloud: false });
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
