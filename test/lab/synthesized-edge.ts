/**
 * Reads the enforcement the lab applies from the output of `npm run synth`, so the browser proof
 * runs the code that would be deployed: the CloudFront Function code in the CDK template, the
 * Lambda@Edge handler's inline code, and the Application Gateway body in the Terraform JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArmApplicationGatewayBody } from '../../lib/azure/application-gateway-arm';
import { findApplicationGatewayBody } from '../support/app-gateway-emulator';

/** Where each artifact lives, relative to the project root. */
export const SYNTH_ARTIFACTS = {
  cloudFrontTemplate: 'cdk.out/GmsEdge.template.json',
  lambdaEdgeTemplate: 'cdk.out/GmsEdgeLambdaEdge.template.json',
  terraformJson: 'cdktf.out/stacks/gms-edge/cdk.tf.json',
} as const;

/** The project root (this file is test/lab/synthesized-edge.ts). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

function readJson(projectRoot: string, relative: string, synthCommand: string): unknown {
  const file = path.join(projectRoot, relative);
  if (!fs.existsSync(file)) {
    throw new Error(`The browser lab reads ${relative}, which does not exist. Run \`${synthCommand}\` (or \`npm run synth\`) first.`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

function resourcesOfType(template: unknown, type: string, relative: string): Array<[string, CfnResource]> {
  const resources = (template as { Resources?: Record<string, CfnResource> }).Resources;
  if (resources === undefined) {
    throw new Error(`${relative} has no Resources section`);
  }
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** The one CloudFront Function's code in the synthesized template (runtime cloudfront-js-2.0 checked). */
export function synthesizedCloudFrontFunctionCode(projectRoot = PROJECT_ROOT): string {
  const relative = SYNTH_ARTIFACTS.cloudFrontTemplate;
  const functions = resourcesOfType(readJson(projectRoot, relative, 'npm run synth:aws'), 'AWS::CloudFront::Function', relative);
  if (functions.length !== 1) {
    throw new Error(`${relative}: expected exactly one AWS::CloudFront::Function, found ${functions.length}`);
  }
  const [logicalId, resource] = functions[0];
  const properties = resource.Properties ?? {};
  const runtime = (properties.FunctionConfig as { Runtime?: unknown } | undefined)?.Runtime;
  if (runtime !== 'cloudfront-js-2.0') {
    throw new Error(`${relative}: ${logicalId} has FunctionConfig.Runtime ${JSON.stringify(runtime)}; the lab runs cloudfront-js-2.0 code`);
  }
  if (typeof properties.FunctionCode !== 'string') {
    throw new Error(`${relative}: ${logicalId}.Properties.FunctionCode is not an inline string`);
  }
  return properties.FunctionCode;
}

/** The inline code (Code.ZipFile) of the Lambda@Edge function in the synthesized us-east-1 stack. */
export function synthesizedLambdaEdgeCode(projectRoot = PROJECT_ROOT): string {
  const relative = SYNTH_ARTIFACTS.lambdaEdgeTemplate;
  const functions = resourcesOfType(readJson(projectRoot, relative, 'npm run synth:aws'), 'AWS::Lambda::Function', relative)
    .filter(([, resource]) => typeof (resource.Properties?.Code as { ZipFile?: unknown } | undefined)?.ZipFile === 'string');
  if (functions.length !== 1) {
    throw new Error(`${relative}: expected exactly one AWS::Lambda::Function with inline Code.ZipFile, found ${functions.length}`);
  }
  return (functions[0][1].Properties?.Code as { ZipFile: string }).ZipFile;
}

/** The ARM body of the Application Gateway in the synthesized Terraform JSON. */
export function synthesizedApplicationGatewayBody(projectRoot = PROJECT_ROOT): ArmApplicationGatewayBody {
  return findApplicationGatewayBody(readJson(projectRoot, SYNTH_ARTIFACTS.terraformJson, 'npm run synth:azure'));
}

/** Which synthesized artifacts are present. */
export function missingSynthArtifacts(projectRoot = PROJECT_ROOT): string[] {
  return Object.values(SYNTH_ARTIFACTS).filter((relative) => !fs.existsSync(path.join(projectRoot, relative)));
}
