/**
 * The built package (npm run build): the CDK Terrain entry point the build derives from
 * dist/azure, and what a user sees when a peer dependency is missing. Builds into
 * node_modules/.cache, so that Node finds the repo's dependencies from there.
 */
import { execFileSync, spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';

const ROOT = resolve(__dirname, '..');
const BUILD = join(ROOT, 'node_modules', '.cache', 'gms-edge-constructs-build');
const DIST = join(BUILD, 'dist');
const NODE_MODULES = join(ROOT, 'node_modules');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { emitCdktnFlavour } = require('../bin/cdktn-flavour') as { emitCdktnFlavour: (dist: string) => string };

/** Module specifiers in compiled JavaScript or a declaration file: require(), from, import(). */
function specifiersIn(text: string): string[] {
  return [...text.matchAll(/(?:require\(|\bfrom\s+|import\()\s*["']([^"']+)["']/g)].map((match) => match[1]);
}

function filesUnder(folder: string): string[] {
  return (readdirSync(folder, { recursive: true }) as string[]).filter((file) => /\.(js|d\.ts)$/.test(file)).sort();
}

/** Runs a script with node in a directory; returns its stdout, or throws with its stderr. */
function runNode(directory: string, script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-e', script], { cwd: directory, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  rmSync(BUILD, { recursive: true, force: true });
  // What `npm run build` runs, into another directory.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', DIST], { cwd: ROOT, stdio: 'pipe' });
  emitCdktnFlavour(DIST);
}, 300_000);

afterAll(() => rmSync(BUILD, { recursive: true, force: true }));

describe('dist/azure-cdktn, the CDK Terrain entry point', () => {
  it('is dist/azure file for file, with every cdktf module name renamed to its cdktn counterpart', () => {
    const files = filesUnder(join(DIST, 'azure'));
    expect(filesUnder(join(DIST, 'azure-cdktn'))).toEqual(files);
    for (const file of files) {
      const cdktf = specifiersIn(readFileSync(join(DIST, 'azure', file), 'utf8'));
      const cdktn = specifiersIn(readFileSync(join(DIST, 'azure-cdktn', file), 'utf8'));
      const renamed = cdktf.map((specifier) => specifier.replace(/^cdktf(?=\/|$)/, 'cdktn').replace(/^@cdktf\/provider-azurerm(?=\/|$)/, '@cdktn/provider-azurerm'));
      expect({ file, specifiers: cdktn }).toEqual({ file, specifiers: renamed });
      expect({ file, cdktf: cdktn.filter((specifier) => /^(cdktf|@cdktf\/)/.test(specifier)) }).toEqual({ file, cdktf: [] });
    }
  });

  it('needs only its one internal module renamed: no other compiled file or declaration names a cdktf package', () => {
    const naming = filesUnder(join(DIST, 'azure')).filter((file) => specifiersIn(readFileSync(join(DIST, 'azure', file), 'utf8')).some((specifier) => /^(cdktf|@cdktf\/)/.test(specifier)));
    expect(naming).toEqual(['internal/cdktf.d.ts', 'internal/cdktf.js']);
  });

  it.each([
    ['azure', 'cdktf', '@cdktf/provider-azurerm', 'cdktn', '@cdktn/provider-azurerm', '4.55.0'],
    ['azure-cdktn', 'cdktn', '@cdktn/provider-azurerm', 'cdktf', '@cdktf/provider-azurerm', '4.73.0'],
  ])('dist/%s loads %s and %s only, and synthesizes with them', (entry, core, azurerm, otherCore, otherAzurerm, azurermVersion) => {
    const script = `
      const edge = require(${JSON.stringify(join(DIST, entry))});
      const { App, TerraformStack, Testing } = require(${JSON.stringify(core)});
      const { AzurermProvider } = require(${JSON.stringify(`${azurerm}/lib/provider`)});
      const stack = new TerraformStack(Testing.app(), 'test');
      new AzurermProvider(stack, 'azurerm', { features: [{}] });
      new edge.AzapiProvider(stack, 'azapi');
      new edge.GmsApplicationGateway(stack, 'Gateway', {
        resourceGroup: { name: 'rg', id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg', location: 'westeurope' },
        gatewaySubnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/agw',
        publicIpAddressId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip',
        identityId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agw',
        certificate: { keyVaultSecretId: 'https://kv.vault.azure.net/secrets/tls' },
        nodeGroups: [{ name: 'chat', isDefault: true, ipAddresses: ['10.61.1.4'] }],
      });
      const json = JSON.parse(Testing.synth(stack, true));
      const loaded = Object.keys(require.cache).filter((file) => file.startsWith(${JSON.stringify(NODE_MODULES + '/')})).map((file) => {
        const parts = file.slice(${NODE_MODULES.length + 1}).split('/');
        return parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/');
      });
      process.stdout.write(JSON.stringify({ packages: [...new Set(loaded)].sort(), azurerm: json.terraform.required_providers.azurerm.version, resources: Object.keys(json.resource) }));`;
    const result = runNode(ROOT, script);
    expect(result.stderr).toBe('');
    const { packages, azurerm: version, resources } = JSON.parse(result.stdout) as { packages: string[]; azurerm: string; resources: string[] };
    expect(packages).toEqual(expect.arrayContaining([core, azurerm, 'constructs']));
    expect(packages).not.toContain(otherCore);
    expect(packages).not.toContain(otherAzurerm);
    expect(version).toBe(azurermVersion);
    expect(resources).toEqual(['azapi_resource']);
  });
});

describe('a missing peer dependency', () => {
  /**
   * A project folder outside the repo with the built package installed (its own dependencies
   * linked from the repo) and only the given peers, as empty stand-ins: the check runs before
   * any peer is loaded.
   */
  function projectWith(peers: string[]): string {
    const project = mkdtempSync(join(tmpdir(), 'gms-edge-peers-'));
    const installed = join(project, 'node_modules', 'gms-edge-constructs');
    mkdirSync(installed, { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(installed, 'package.json'));
    cpSync(DIST, join(installed, 'dist'), { recursive: true });
    for (const dependency of Object.keys(PACKAGE.dependencies ?? {})) {
      mkdirSync(dirname(join(project, 'node_modules', dependency)), { recursive: true });
      symlinkSync(join(NODE_MODULES, dependency), join(project, 'node_modules', dependency), 'dir');
    }
    for (const peer of peers) {
      mkdirSync(join(project, 'node_modules', peer), { recursive: true });
      writeFileSync(join(project, 'node_modules', peer, 'package.json'), JSON.stringify({ name: peer, version: '0.0.0', main: 'index.js' }));
      writeFileSync(join(project, 'node_modules', peer, 'index.js'), 'throw new Error("a stand-in peer was loaded");\n');
    }
    return project;
  }

  /** What `require(entryPoint)` says in a project with these peers. */
  function errorOf(entryPoint: string, peers: string[]): string {
    const project = projectWith(peers);
    try {
      const result = runNode(project, `try { require(${JSON.stringify(entryPoint)}); } catch (error) { process.stdout.write(error.message); process.exit(3); }`);
      expect(result.status).toBe(3);
      return result.stdout;
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }

  it('on the AWS entry point names aws-cdk-lib and constructs and the line that installs them', () => {
    expect(errorOf('gms-edge-constructs/aws', [])).toBe([
      'gms-edge-constructs/aws needs the peer dependencies aws-cdk-lib and constructs, not installed here.',
      'Install: npm install aws-cdk-lib@^2.276.0 constructs@^10.6.0',
    ].join('\n'));
    expect(errorOf('gms-edge-constructs/aws', ['constructs'])).toBe([
      'gms-edge-constructs/aws needs the peer dependency aws-cdk-lib, not installed here.',
      'Install: npm install aws-cdk-lib@^2.276.0',
    ].join('\n'));
  });

  it('on the cdktf entry point names cdktf and @cdktf/provider-azurerm', () => {
    expect(errorOf('gms-edge-constructs/azure', ['constructs'])).toBe([
      'gms-edge-constructs/azure needs the peer dependencies cdktf and @cdktf/provider-azurerm, not installed here.',
      'Install: npm install cdktf@^0.21.0 @cdktf/provider-azurerm@^14.23.1',
    ].join('\n'));
    expect(errorOf('gms-edge-constructs/azure', ['constructs', 'cdktf'])).toMatch(/^gms-edge-constructs\/azure needs the peer dependency @cdktf\/provider-azurerm, not installed here\.\nInstall: npm install @cdktf\/provider-azurerm@\^14\.23\.1$/);
  });

  it('on the cdktn entry point names cdktn and @cdktn/provider-azurerm, and the override the provider needs first', () => {
    expect(errorOf('gms-edge-constructs/azure-cdktn', [])).toBe([
      'gms-edge-constructs/azure-cdktn needs the peer dependencies cdktn and @cdktn/provider-azurerm and constructs, not installed here.',
      "First: npm pkg set 'overrides.@cdktn/provider-azurerm.cdktn=$cdktn' (@cdktn/provider-azurerm 16.1.0 asks for a cdktn ^0.23.0 that was never published)",
      'Install: npm install cdktn@^0.24.0 @cdktn/provider-azurerm@^16.1.0 constructs@^10.6.0',
    ].join('\n'));
    expect(errorOf('gms-edge-constructs/azure-cdktn', ['constructs', '@cdktn/provider-azurerm'])).toBe([
      'gms-edge-constructs/azure-cdktn needs the peer dependency cdktn, not installed here.',
      'Install: npm install cdktn@^0.24.0',
    ].join('\n'));
  });

  it('points a user of one CDK who imports the other\'s entry point at the right one', () => {
    expect(errorOf('gms-edge-constructs/azure', ['constructs', 'cdktn', '@cdktn/provider-azurerm']))
      .toMatch(/\ncdktn is installed: for the same constructs on cdktn, import gms-edge-constructs\/azure-cdktn instead\.$/);
    expect(errorOf('gms-edge-constructs/azure-cdktn', ['constructs', 'cdktf', '@cdktf/provider-azurerm']))
      .toMatch(/\ncdktf is installed: for the same constructs on cdktf, import gms-edge-constructs\/azure instead\.$/);
  });

  it('does not concern the cloud-neutral root entry point, which needs no peer', () => {
    const project = projectWith([]);
    try {
      const result = runNode(project, 'process.stdout.write(typeof require("gms-edge-constructs").partitionSetCookie);');
      expect(result).toEqual({ status: 0, stdout: 'function', stderr: '' });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
