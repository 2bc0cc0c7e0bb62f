/**
 * The package as a user gets it: `npm pack` of this repository, installed into a fresh project of
 * the kind a stock CLI makes, with the README's own commands and code.
 *
 * A project kind is a {@link ConsumerProjectCase} (see `projects.ts`); a test file runs one with
 * {@link describeConsumerProject}, installing once and reusing npm's cache (`--prefer-offline`).
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocBlock, REPO, docBlocks, sectionCommands } from './docs';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};

/** What a stock project kind needs from the harness. */
export interface ConsumerProjectCase {
  /** Names the test and the project's folder. */
  readonly name: string;
  /** The README section (`## <heading>`) whose `npm install` lines set the project up. */
  readonly quickStartHeading: string;
  /** The documentation blocks this project compiles (the rest belong to another project). */
  readonly ownsBlock: (block: DocBlock) => boolean;
  /** Packages that must not be installed in this project, not even nested. */
  readonly forbiddenPackages: readonly string[];
  /** Makes the stock project in `dir` (which does not exist yet), without installing. */
  readonly generate: (dir: string, run: Runner) => void;
  /** Synthesizes the quick start as the README says; returns what the test should look at. */
  readonly synthesize: (dir: string, run: Runner) => void;
  /** Checks the synthesized output for what the quick start asked for. */
  readonly checkSynthesized: (dir: string) => void;
  /** The typecheck command of the project over all its files. */
  readonly typecheck: readonly string[];
}

/** Runs a command in a directory, throwing with its output when it fails. */
export type Runner = (cwd: string, command: readonly string[], options?: { shell?: boolean }) => string;

/** The environment of the commands: the caller's, without what npm and jest set for this repository's own run. */
function consumerEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|JEST_|TS_NODE_)/i.test(key) && !['NODE_ENV', 'INIT_CWD', 'NODE_OPTIONS'].includes(key)) {
      environment[key] = value;
    }
  }
  // jest in the consumer projects writes new snapshots (CI=true would make it refuse).
  environment.CI = 'false';
  environment.npm_config_update_notifier = 'false';
  return environment;
}

export const run: Runner = (cwd, command, options = {}) => {
  const result = spawnSync(command[0], command.slice(1), {
    cwd,
    env: consumerEnvironment(),
    encoding: 'utf8',
    shell: options.shell ?? false,
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    throw new Error(`\`${command.join(' ')}\` in ${cwd} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output.slice(-6000)}`);
  }
  return output;
};

/** Files whose content goes into the package (or its build). */
function packageInputs(): string[] {
  const walk = (relative: string): string[] => fs.readdirSync(path.join(REPO, relative), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(path.join(relative, entry.name)) : [path.join(relative, entry.name)]));
  return ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'bin/cdktn-flavour.js', 'test/tools/copy-lib-sources.mjs', ...walk('lib'), ...walk('docs')].sort();
}

/**
 * `npm pack` of this repository, made once per content: a copy of the package's inputs (no
 * dist/) is packed with npm's own lifecycle, so `prepare` has to build it. Test files share the
 * tarball through a lock directory; a later run with unchanged sources reuses it.
 */
export function packedTarball(): string {
  const inputs = packageInputs();
  const hash = crypto.createHash('sha256');
  for (const file of inputs) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(REPO, file))).update('\0');
  }
  const root = path.join(os.tmpdir(), 'gms-edge-constructs-pack');
  const key = hash.digest('hex').slice(0, 16);
  const folder = path.join(root, key);
  const tarball = path.join(folder, `${pkg.name}-${pkg.version}.tgz`);
  const done = path.join(folder, 'done');
  const lock = `${folder}.lock`;
  fs.mkdirSync(root, { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  while (!fs.existsSync(done)) {
    try {
      fs.mkdirSync(lock);
    } catch {
      // Another test file is packing; a lock older than 10 minutes is left over from a killed run.
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 10 * 60_000) {
        fs.rmSync(lock, { recursive: true, force: true });
      } else if (Date.now() > deadline) {
        throw new Error(`waited 15 minutes for ${lock}`);
      } else {
        spawnSync('sleep', ['2']);
      }
      continue;
    }
    try {
      packInto(folder, inputs);
      fs.writeFileSync(done, '');
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  return tarball;
}

function packInto(folder: string, inputs: string[]): void {
  fs.rmSync(folder, { recursive: true, force: true });
  const stage = path.join(folder, 'stage');
  for (const file of inputs) {
    fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO, file), path.join(stage, file));
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(stage, 'node_modules'));
  run(stage, ['npm', 'pack', '--pack-destination', folder]);
}

/** The files of a tarball. */
export function tarballFiles(tarball: string): string[] {
  return run(path.dirname(tarball), ['tar', '-tzf', tarball]).split('\n').filter(Boolean).map((entry) => entry.replace(/^package\//, ''));
}

/**
 * A README `npm install` line as the test runs it: the package is the tarball, every other
 * package without a version gets the version this repository is tested with (so the run does not
 * depend on what the registry calls latest today), and npm prefers its cache.
 */
export function installCommand(readmeLine: string, tarball: string): string[] {
  const words = readmeLine.split(/\s+/);
  if (words[0] !== 'npm' || words[1] !== 'install') {
    throw new Error(`not an npm install line: ${readmeLine}`);
  }
  const args = words.slice(2).map((word) => {
    if (word === pkg.name) return tarball;
    if (word.startsWith('-') || /.@/.test(word)) return word;
    const version = pkg.devDependencies[word];
    if (version === undefined) throw new Error(`${word} (in the README's "${readmeLine}") is not a devDependency of this repository`);
    return `${word}@${version}`;
  });
  return ['npm', 'install', ...args, '--prefer-offline', '--no-audit', '--no-fund'];
}

/** Whether a package is anywhere in the project's installed tree, by its lock file. */
export function installedPackages(dir: string): Set<string> {
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  return new Set(Object.keys(lock.packages).filter((key) => key !== '').map((key) => key.replace(/^.*node_modules\//, '')));
}

/** The `.snap` files of a project (not of its dependencies), relative path → content. */
export function snapshots(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const next = path.join(relative, entry.name);
      if (entry.isDirectory() && !['node_modules', 'cdk.out', 'cdktf.out'].includes(entry.name)) walk(next);
      else if (entry.isFile() && entry.name.endsWith('.snap')) found[next] = fs.readFileSync(path.join(dir, next), 'utf8');
    }
  };
  walk('.');
  return found;
}

/** Writes the documentation blocks this project owns, and the cloud-neutral ones, into it. */
function writeDocBlocks(dir: string, projectCase: ConsumerProjectCase, { marked }: { marked: boolean }): DocBlock[] {
  const blocks = docBlocks().filter((block) => (block.file !== undefined) === marked && (projectCase.ownsBlock(block) || isCloudNeutral(block)));
  for (const block of blocks) {
    const file = block.file ?? path.join('doc-blocks', `${block.source.replace(/[/.]/g, '_')}_line_${block.line}.ts`);
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    // `export {}` keeps a block without imports a module of its own (no clashes between blocks).
    const where = `// ${block.source}, the block at line ${block.line}\n`;
    fs.writeFileSync(path.join(dir, file), block.file === undefined ? `${where}${block.code}export {};\n` : block.code);
  }
  return blocks;
}

/** A block that imports no cloud library: it compiles in every project. */
export function isCloudNeutral(block: DocBlock): boolean {
  // The root and /verify load no cloud library: every project compiles their blocks.
  return block.imports.every((specifier) => specifier === pkg.name || specifier === `${pkg.name}/verify` || specifier.startsWith('node:'));
}

/** The timings of one project's steps, printed at the end of its file. */
class Stopwatch {
  private readonly steps: string[] = [];
  public time<T>(step: string, action: () => T): T {
    const start = Date.now();
    try {
      return action();
    } finally {
      this.steps.push(`${step} ${((Date.now() - start) / 1000).toFixed(1)} s`);
    }
  }
  public toString(): string {
    return this.steps.join(', ');
  }
}

/**
 * The consumer test of one project kind: generate, install with the README's lines, synthesize
 * the README's quick start, typecheck every documentation block it owns, run the README's
 * snapshot test in two directories.
 */
export function describeConsumerProject(projectCase: ConsumerProjectCase): void {
  describe(`a ${projectCase.name} project with the packed package`, () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), `gms-edge-consumer-${projectCase.name}-`));
    let dir = path.join(workspace, 'first', 'gms-chat');
    const stopwatch = new Stopwatch();
    let tarball = '';

    beforeAll(() => {
      tarball = stopwatch.time('npm pack', packedTarball);
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      stopwatch.time('generate', () => projectCase.generate(dir, run));
      // The section's `npm pkg set` lines (an override) and `npm install` lines, in the README's order.
      const setup = sectionCommands(projectCase.quickStartHeading).filter((line) => /^npm (install|pkg set) /.test(line));
      expect(setup.filter((line) => line.startsWith('npm install')).length).toBeGreaterThan(0);
      stopwatch.time('install', () => setup.forEach((line) => (line.startsWith('npm pkg set ')
        ? run(dir, [line], { shell: true })
        : run(dir, installCommand(line, tarball)))));
    }, 30 * 60_000);

    afterAll(() => {
      console.log(`consumer project ${projectCase.name}: ${stopwatch.toString()}`);
      if (process.env.KEEP_CONSUMER_PROJECTS !== '1') {
        fs.rmSync(workspace, { recursive: true, force: true });
      }
    });

    it('packs dist/ (built by prepare), the docs and the README, and no sources or tests', () => {
      const files = tarballFiles(tarball);
      expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.d.ts', 'dist/aws/index.js', 'dist/azure/index.d.ts', 'docs/aws.md']));
      expect(files.filter((file) => /^(lib|test|bin)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    });

    it(`installs with the README's install line, without ${projectCase.forbiddenPackages.join(' or ')}`, () => {
      const installed = installedPackages(dir);
      expect(installed.has(pkg.name)).toBe(true);
      expect(projectCase.forbiddenPackages.filter((name) => installed.has(name))).toEqual([]);
    });

    it('synthesizes the README quick start', () => {
      const marked = writeDocBlocks(dir, projectCase, { marked: true });
      expect(marked.length).toBeGreaterThan(0);
      stopwatch.time('synth', () => projectCase.synthesize(dir, run));
      projectCase.checkSynthesized(dir);
    }, 20 * 60_000);

    it('typechecks every TypeScript block of README.md and docs/ it can compile, importing the package as users do', () => {
      const blocks = writeDocBlocks(dir, projectCase, { marked: false });
      expect(blocks.length).toBeGreaterThan(0);
      stopwatch.time('typecheck', () => run(dir, projectCase.typecheck));
    }, 20 * 60_000);

    it('gives the same jest snapshots of the README\'s snapshot test in another directory', () => {
      stopwatch.time('jest', () => run(dir, ['npx', 'jest', '--ci=false']));
      const first = snapshots(dir);
      expect(Object.keys(first).length).toBeGreaterThan(0);
      // The same project in a directory at another depth, node_modules and all.
      const moved = path.join(workspace, 'second', 'elsewhere', 'gms-chat');
      fs.mkdirSync(path.dirname(moved), { recursive: true });
      fs.renameSync(dir, moved);
      dir = moved;
      for (const file of Object.keys(first)) fs.rmSync(path.join(dir, file));
      stopwatch.time('jest elsewhere', () => run(dir, ['npx', 'jest', '--ci=false']));
      const second = snapshots(dir);
      expect(Object.keys(second)).toEqual(Object.keys(first));
      for (const file of Object.keys(first)) {
        expect({ file, snapshot: second[file] }).toEqual({ file, snapshot: first[file] });
        expect(second[file]).not.toContain(workspace);
      }
    }, 20 * 60_000);
  });
}
