#!/usr/bin/env node
/**
 * `npm run synth`: the three reference synths at once (the AWS app into cdk.out/, the Azure app
 * into cdktf.out/ and, on CDK Terrain, cdktn.out/), each its own Node process running the app's
 * TypeScript through ts-node's transpile-only mode (`npm test` type-checks once, before).
 *
 * The AWS app runs without the CDK CLI, given what `cdk synth` would give it: the output
 * directory, and as context cdk.json's (and cdk.context.json's, when present) plus the CLI's own
 * defaults (path and asset metadata, version reporting, bundling every stack). The app then
 * validates its templates itself, cdk-nag included, and fails on an error as `cdk synth` would.
 * `cdk synth` and `cdk deploy` still read cdk.json's "app" and need none of this.
 *
 *   node bin/synth.js              all three, concurrently
 *   node bin/synth.js aws azure    only those
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const TRANSPILE = ['--require', './bin/transpile-cached.js'];

/** What `cdk synth` (aws-cdk 2.1148) puts into CDK_CONTEXT_JSON besides the project's context. */
const CDK_CLI_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
};

function readJson(file) {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

function awsEnvironment() {
  const context = { ...readJson(path.join(ROOT, 'cdk.json')).context, ...readJson(path.join(ROOT, 'cdk.context.json')), ...CDK_CLI_CONTEXT };
  return { CDK_OUTDIR: 'cdk.out', CDK_CONTEXT_JSON: JSON.stringify(context) };
}

const SYNTHS = {
  aws: { args: [...TRANSPILE, 'bin/aws.ts'], env: awsEnvironment, out: 'cdk.out' },
  azure: { args: [...TRANSPILE, 'bin/azure.ts'], env: () => ({}), out: 'cdktf.out' },
  'azure-cdktn': { args: [...TRANSPILE, '--require', './bin/cdktn-flavour.js', 'bin/azure.ts'], env: () => ({ CDKTF_OUTDIR: 'cdktn.out' }), out: 'cdktn.out' },
};

/** Runs one synth; resolves to its exit code, its output printed in one piece when it ends. */
function run(name) {
  const synth = SYNTHS[name];
  fs.rmSync(path.join(ROOT, synth.out), { recursive: true, force: true }); // nothing stale survives
  return new Promise((resolve) => {
    const child = spawn(process.execPath, synth.args, { cwd: ROOT, env: { ...process.env, ...synth.env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      const text = Buffer.concat(output).toString('utf8').trim();
      const status = code === 0 ? `${synth.out}/` : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(`synth:${name} → ${status}${text ? `\n${text}` : ''}\n`);
      resolve(code ?? 1);
    });
  });
}

const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(SYNTHS);
const unknown = names.filter((name) => !(name in SYNTHS));
if (unknown.length > 0) {
  console.error(`bin/synth.js: unknown synth ${unknown.join(', ')}; known: ${Object.keys(SYNTHS).join(', ')}`);
  process.exit(2);
}
void Promise.all(names.map(run)).then((codes) => {
  process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;
});
