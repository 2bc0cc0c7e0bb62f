import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

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
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && node test/tools/copy-lib-sources.mjs && node bin/cdktn-flavour.js dist');
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
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && node test/tools/copy-lib-sources.mjs && node bin/cdktn-flavour.js dist');
    // prepare already runs for npm pack; a prepack build would compile a second time.
    expect(pkg.scripts.prepack).toBeUndefined();
  });

  it('ships the compiled code and the docs the README names', () => {
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'docs', 'README.md', 'LICENSE']));
    expect(pkg.keywords).toEqual(expect.arrayContaining(['genesys', 'aws-cdk', 'cdktf', 'partitioned-cookies']));
  });

  it('makes the cloud libraries optional peer dependencies', () => {
    for (const name of ['aws-cdk-lib', 'cdktf', '@cdktf/provider-azurerm', 'cdktn']) {
      expect(pkg.peerDependencies[name]).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(pkg.dependencies?.[name]).toBeUndefined();
    }
    expect(pkg.peerDependencies.constructs).toBeDefined();
  });

  // npm's arborist loads the peer set of every optional peer, peers of peers included; a peer
  // range that no published version satisfies becomes a versionless node that conflicts with our
  // own `cdktn` peer: ERESOLVE "Found: cdktn@undefined", even in an AWS-only project
  // (https://github.com/npm/cli/issues/9979). @cdktn/provider-azurerm 16.1.0 peers on
  // cdktn ^0.23.0, and CDK Terrain's first release is 0.24.0.
  it('leaves @cdktn/provider-azurerm undeclared while its own cdktn peer range excludes the cdktn it is used with', () => {
    const provider = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@cdktn/provider-azurerm/package.json'), 'utf8'));
    const cdktnVersion: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/cdktn/package.json'), 'utf8')).version;
    expect(cdktnVersion).toBe(pkg.devDependencies.cdktn);
    // A caret range on 0.x accepts only its own minor version: ^0.23.0 is >=0.23.0 <0.24.0.
    const caret = /^\^0\.(\d+)\.\d+$/.exec(provider.peerDependencies.cdktn);
    expect({ providerPeer: provider.peerDependencies.cdktn, form: caret !== null }).toEqual({ providerPeer: provider.peerDependencies.cdktn, form: true });
    // When this fails, a provider release accepts the cdktn in use: declare it as an optional peer
    // (and drop the README's override), then run test/consumer/cdk-init-app.test.ts.
    expect(cdktnVersion.startsWith(`0.${caret![1]}.`)).toBe(false);
    expect(pkg.peerDependencies['@cdktn/provider-azurerm']).toBeUndefined();
  });

  it('names in its missing-peer messages exactly the peer dependency ranges of package.json', () => {
    const declared = (name: string): boolean => name !== '@cdktn/provider-azurerm';
    for (const { packages } of Object.values(PEER_DEPENDENCIES)) {
      for (const [name, range] of Object.entries(packages).filter(([name]) => declared(name))) {
        expect({ name, range }).toEqual({ name, range: pkg.peerDependencies[name] });
      }
    }
    // The message for an entry point without @cdktn/provider-azurerm still names its range.
    expect(PEER_DEPENDENCIES.cdktn.packages['@cdktn/provider-azurerm']).toBe(`^${pkg.devDependencies['@cdktn/provider-azurerm']}`);
    const named = new Set(Object.values(PEER_DEPENDENCIES).flatMap(({ packages }) => Object.keys(packages)).filter(declared));
    // playwright-core is the one peer outside the CDK flavours: only `gms-edge verify --browser` loads it.
    expect([...named].sort()).toEqual(Object.keys(pkg.peerDependencies).filter((name) => name !== 'playwright-core').sort());
  });
});

describe('the layering of lib/', () => {
  const cloudLibraries = /^(aws-cdk-lib|cdk-nag|cdktf|@cdktf\/|cdktn|@cdktn\/|constructs)/;

  it('lib/cookie, lib/private, lib/headers and the root entry import no cloud library and no cloud folder', () => {
    for (const file of ['lib/index.ts', ...sourcesUnder('lib/cookie'), ...sourcesUnder('lib/private'), ...sourcesUnder('lib/headers')]) {
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

  it('the edge rewrite (lib/cookie/edge/rewrite.js) requires nothing, so its text bundles as it is and nothing imports back into the policy', () => {
    const text = fs.readFileSync(path.join(ROOT, 'lib/cookie/edge/rewrite.js'), 'utf8');
    expect(importsOf('lib/cookie/edge/rewrite.js')).toEqual([]);
    // JSDoc may name a type with import('...'): only code outside comments counts.
    expect(text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')).not.toMatch(/\b(import\(|require\()/);
    // The build copies it into dist/ byte for byte, where edge-source reads it at run time.
    expect(pkg.scripts.build).toContain('node test/tools/copy-lib-sources.mjs');
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

/**
 * The package as a user gets it: `npm run build` output, imported by name through the exports map
 * from a project outside this one (a temporary folder whose node_modules links to this package).
 */
describe('the built package, imported by name', () => {
  const ENTRY_POINTS = [
    { specifier: 'gms-edge-constructs', report: 'gms-edge-constructs.api.md' },
    { specifier: 'gms-edge-constructs/aws', report: 'gms-edge-constructs-aws.api.md' },
    { specifier: 'gms-edge-constructs/azure', report: 'gms-edge-constructs-azure.api.md' },
    { specifier: 'gms-edge-constructs/azure-cdktn', report: 'gms-edge-constructs-azure-cdktn.api.md' },
    { specifier: 'gms-edge-constructs/verify', report: 'gms-edge-constructs-verify.api.md' },
  ];
  let consumer: string;

  beforeAll(() => {
    buildUnlessFresh();
    consumer = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-edge-consumer-'));
    fs.mkdirSync(path.join(consumer, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(consumer, 'node_modules', pkg.name), 'dir');
  }, 300_000);

  afterAll(() => fs.rmSync(consumer, { recursive: true, force: true }));

  /** The names `require(specifier)` has at run time, in a Node process outside the repo. */
  function runtimeExports(specifier: string): string[] {
    const result = spawnSync(process.execPath, ['-e', `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`], { cwd: consumer, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`require(${specifier}) failed: ${result.stderr}`);
    }
    return (JSON.parse(result.stdout) as string[]).sort();
  }

  it.each(ENTRY_POINTS)('$specifier loads at run time exactly the values its API report records', ({ specifier, report }) => {
    const recorded = [...fs.readFileSync(path.join(ROOT, 'docs', 'api-report', report), 'utf8')
      .matchAll(/^export (?:abstract )?(?:class|const|function|enum) (\w+)/gm)].map((match) => match[1]);
    expect(runtimeExports(specifier)).toEqual([...new Set(recorded)].sort());
  });

  it('gives the CDK Terrain flavour the API of the cdktf one, with the cdktn module names', () => {
    const report = (name: string): string[] => fs.readFileSync(path.join(ROOT, 'docs', 'api-report', name), 'utf8').split('\n');
    const cdktf = report('gms-edge-constructs-azure.api.md');
    const cdktn = report('gms-edge-constructs-azure-cdktn.api.md');
    const differing = cdktf.flatMap((line, index) => (line === cdktn[index] ? [] : [[line, cdktn[index]]]));
    expect(cdktn).toHaveLength(cdktf.length);
    // Only the imports of the CDK's and the provider's types differ, each renamed one for one.
    expect(differing.length).toBeGreaterThan(0);
    for (const [fromCdktf, fromCdktn] of differing) {
      expect(fromCdktf).toMatch(/^import .* from '(?:cdktf|@cdktf\/provider-azurerm\/lib\/[\w-]+)';$/);
      expect(fromCdktn).toBe(fromCdktf.replace("from 'cdktf'", "from 'cdktn'").replace("from '@cdktf/", "from '@cdktn/"));
    }
  });

  it('exports the App Gateway rewrite from the root only', () => {
    expect(runtimeExports('gms-edge-constructs')).toContain('appGatewayRewriteRuleSet');
    expect(runtimeExports('gms-edge-constructs/azure')).not.toContain('appGatewayRewriteRuleSet');
  });

  it('refuses deep imports of dist/ at run time', () => {
    const result = spawnSync(process.execPath, ['-e', "require('gms-edge-constructs/dist/azure/gms-application-gateway')"], { cwd: consumer, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it.each(['aws', 'azure'])('resolves the types of gms-edge-constructs/%s under moduleResolution node10 too (typesVersions)', (entry) => {
    const options = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
    const resolved = ts.resolveModuleName(`gms-edge-constructs/${entry}`, path.join(consumer, 'index.ts'), options, ts.sys).resolvedModule;
    expect(resolved && fs.realpathSync(resolved.resolvedFileName)).toBe(path.join(ROOT, 'dist', entry, 'index.d.ts'));
  });

  describe('typechecked by a user (moduleResolution node16, which follows the exports map)', () => {
    const sources: { [file: string]: string } = {
      'public.ts': [
        "import { CookiePolicy, appGatewayRewriteRuleSet, cloudFrontFunctionCode, partitionSetCookie } from 'gms-edge-constructs';",
        "import type { CookiePolicyProps } from 'gms-edge-constructs';",
        "import { GmsEdge, GmsNodeTargets, GmsStickiness } from 'gms-edge-constructs/aws';",
        "import type { GmsEdgeProps } from 'gms-edge-constructs/aws';",
        "import { GmsAppGatewayEdge, GmsApplicationGateway } from 'gms-edge-constructs/azure';",
        "import type { ArmApplicationGatewayBody, GmsNodeGroupOptions } from 'gms-edge-constructs/azure';",
        "const props: CookiePolicyProps = { cookieNames: ['BAYEUX_BROWSER'] };",
        'const policy: CookiePolicy = new CookiePolicy(props);',
        "const code: string = cloudFrontFunctionCode(policy) + partitionSetCookie('a=b', policy) + appGatewayRewriteRuleSet({ policy }).name;",
        "const group: GmsNodeGroupOptions = { name: 'chat', ipAddresses: ['10.0.0.4'] };",
        "type Uses = [typeof GmsEdge, typeof GmsNodeTargets, typeof GmsStickiness, GmsEdgeProps['nodeGroups'], typeof GmsAppGatewayEdge, GmsApplicationGateway['body'], ArmApplicationGatewayBody];",
        'export const used: [string, GmsNodeGroupOptions, Uses | undefined] = [code, group, undefined];',
      ].join('\n'),
      // Each import below names one internal helper; each must be an error.
      'internal-root.ts': "import { isHttpToken, headerValueMatcherCapture, parseIpv4Cidr, isHostName } from 'gms-edge-constructs';\nexport const used = [isHttpToken, headerValueMatcherCapture, parseIpv4Cidr, isHostName];",
      'internal-azure.ts': "import { checkGatewayCertificate, KEY_VAULT_ACCESS_RETRY, subResourceReferences, parseIpv4Cidr, ARM_NAME, warn, appGatewayRewriteRuleSet } from 'gms-edge-constructs/azure';\nexport const used = [checkGatewayCertificate, KEY_VAULT_ACCESS_RETRY, subResourceReferences, parseIpv4Cidr, ARM_NAME, warn, appGatewayRewriteRuleSet];",
      'internal-aws.ts': "import { PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION, resolveEdgeTimeouts, createLogBucket } from 'gms-edge-constructs/aws';\nexport const used = [PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION, resolveEdgeTimeouts, createLogBucket];",
      // By file path, past the exports map: stripInternal removed the @internal declarations.
      'stripped.ts': `import { KEY_VAULT_ACCESS_RETRY } from ${JSON.stringify(path.join(ROOT, 'dist', 'azure', 'gms-application-gateway'))};\n`
        + `import { parseIpv4Cidr } from ${JSON.stringify(path.join(ROOT, 'dist', 'gms', 'validators'))};\nexport const used = [KEY_VAULT_ACCESS_RETRY, parseIpv4Cidr];`,
    };
    let program: ts.Program;

    beforeAll(() => {
      for (const [file, text] of Object.entries(sources)) {
        fs.writeFileSync(path.join(consumer, file), text);
      }
      program = ts.createProgram({
        rootNames: Object.keys(sources).map((file) => path.join(consumer, file)),
        options: {
          strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16,
          types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        },
      });
    }, 300_000);

    /** `TS<code> <message>` of every error in one consumer file. */
    function errorsOf(file: string): string[] {
      return ts.getPreEmitDiagnostics(program, program.getSourceFile(path.join(consumer, file)))
        .map((diagnostic) => `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
    }

    it('compiles a use of every entry point, the built declarations included', () => {
      expect(errorsOf('public.ts')).toEqual([]);
      const declarations = program.getSourceFiles().filter((file) => fs.realpathSync(file.fileName).startsWith(path.join(ROOT, 'dist') + path.sep));
      expect(declarations.length).toBeGreaterThan(10);
      // Not skipped as library files: a public declaration naming a stripped @internal one fails here.
      expect(declarations.flatMap((file) => program.getSemanticDiagnostics(file).map((d) => `${file.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`))).toEqual([]);
    });

    it.each([
      ['internal-root.ts', ['isHttpToken', 'headerValueMatcherCapture', 'parseIpv4Cidr', 'isHostName']],
      ['internal-azure.ts', ['checkGatewayCertificate', 'KEY_VAULT_ACCESS_RETRY', 'subResourceReferences', 'parseIpv4Cidr', 'ARM_NAME', 'warn', 'appGatewayRewriteRuleSet']],
      ['internal-aws.ts', ['PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION', 'resolveEdgeTimeouts', 'createLogBucket']],
      ['stripped.ts', ['KEY_VAULT_ACCESS_RETRY', 'parseIpv4Cidr']],
    ])('refuses the internal helpers imported in %s', (file, names) => {
      const errors = errorsOf(file);
      expect(errors).toHaveLength(names.length);
      for (const name of names) {
        expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^TS(2305|2724) .*has no exported member (named )?'${name}'`)));
      }
    });
  });
});

/** Runs `npm run build` unless dist/ is newer than every file under lib/. */
function buildUnlessFresh(): void {
  const built = path.join(ROOT, 'dist', 'index.js');
  const newestSource = Math.max(...filesUnder('lib').map((file) => fs.statSync(path.join(ROOT, file)).mtimeMs), fs.statSync(path.join(ROOT, 'tsconfig.build.json')).mtimeMs);
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource) {
    return;
  }
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed: ${result.stdout}${result.stderr}`);
  }
}

/** Every file below a folder of the repo, recursively, relative to the repo. */
function filesUnder(folder: string): string[] {
  return fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(relative) : [relative];
  });
}
