/**
 * `npm run bench`: time per invocation of the generated edge code on a typical GMS handshake
 * response (BAYEUX_BROWSER + AWSALB + AWSALBCORS), side by side with a naive baseline that only
 * appends `; Partitioned` when the substring is missing. Rounds interleave the variants so machine
 * noise hits them alike; the ratios are what to read, not the absolute nanoseconds.
 */
import { performance } from 'node:perf_hooks';
import { cloudFrontFunctionCode, lambdaEdgeHandlerCode } from '../../lib';
import {
  CloudFrontViewerResponseEvent,
  LambdaEdgeOriginResponseEvent,
  loadCloudFrontFunction,
  loadLambdaEdgeHandler,
  originResponseEvent,
  toCloudFrontCookies,
  viewerResponseEvent,
} from '../support/edge-runtime';

const HANDSHAKE_SET_COOKIES = [
  'BAYEUX_BROWSER=9f2b6c0d41e8a7735b1c2d3e4f5061728394a5b6; HttpOnly',
  'AWSALB=uPbPb1TV7wI5TPO3XBxl6nGxlxaFh0LDtKNx4tvCaYXIIiakXsEB1R3p7xEnE2DHKq1EOwLRaKGUGR9Y1mMq8RSLoDAuMgFbRdKCj+rCc3xsh/R0GKvZ/oBYe7Ia; Expires=Tue, 01 Dec 2026 10:00:00 GMT; Path=/',
  'AWSALBCORS=uPbPb1TV7wI5TPO3XBxl6nGxlxaFh0LDtKNx4tvCaYXIIiakXsEB1R3p7xEnE2DHKq1EOwLRaKGUGR9Y1mMq8RSLoDAuMgFbRdKCj+rCc3xsh/R0GKvZ/oBYe7Ia; Expires=Tue, 01 Dec 2026 10:00:00 GMT; Path=/; SameSite=None; Secure',
];

/** The naive baseline, as a CloudFront Function: append `; Partitioned` where it is missing. */
const NAIVE_CLOUDFRONT_FUNCTION = `function handler(event) {
  var cookies = event.response.cookies;
  for (var name in cookies) {
    var cookie = cookies[name];
    if ((cookie.attributes || '').indexOf('Partitioned') < 0) {
      cookie.attributes = cookie.attributes ? cookie.attributes + '; Partitioned' : 'Partitioned';
    }
  }
  return event.response;
}`;

/** The naive baseline, as a Lambda@Edge handler. */
const NAIVE_LAMBDA_EDGE = `exports.handler = async function handler(event) {
  var response = event.Records[0].cf.response;
  var headers = response.headers['set-cookie'] || [];
  for (var i = 0; i < headers.length; i++) {
    if (headers[i].value.indexOf('Partitioned') < 0) {
      headers[i].value += '; Partitioned';
    }
  }
  return response;
};`;

const ITERATIONS = 20_000;
const ROUNDS = 15;

type Variant = { name: string; run: (count: number) => Promise<number> | number };

function cloudFrontVariant(name: string, code: string): Variant {
  const handler = loadCloudFrontFunction(code);
  return {
    name,
    run: (count) => {
      const events: CloudFrontViewerResponseEvent[] = [];
      for (let i = 0; i < count; i++) {
        events.push(viewerResponseEvent(toCloudFrontCookies(HANDSHAKE_SET_COOKIES)));
      }
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        handler(events[i]);
      }
      return performance.now() - start;
    },
  };
}

function lambdaVariant(name: string, code: string): Variant {
  const handler = loadLambdaEdgeHandler(code);
  return {
    name,
    run: async (count) => {
      const events: LambdaEdgeOriginResponseEvent[] = [];
      for (let i = 0; i < count; i++) {
        events.push(originResponseEvent(HANDSHAKE_SET_COOKIES));
      }
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        await handler(events[i]);
      }
      return performance.now() - start;
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const cloudFrontCode = cloudFrontFunctionCode();
  const variants = [
    cloudFrontVariant('CloudFront Function (generated)', cloudFrontCode),
    cloudFrontVariant('CloudFront Function (naive baseline)', NAIVE_CLOUDFRONT_FUNCTION),
    lambdaVariant('Lambda@Edge handler (generated)', lambdaEdgeHandlerCode()),
    lambdaVariant('Lambda@Edge handler (naive baseline)', NAIVE_LAMBDA_EDGE),
  ];
  const samples = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
  for (const variant of variants) {
    await variant.run(2_000); // warm-up
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of variants) {
      samples.get(variant.name)!.push((await variant.run(ITERATIONS)) / ITERATIONS * 1e6);
    }
  }
  const perResponse = new Map([...samples].map(([name, values]) => [name, median(values)]));
  console.log(`Per response (3 Set-Cookie headers), median of ${ROUNDS} interleaved rounds of ${ITERATIONS}, Node ${process.version}:`);
  for (const [name, ns] of perResponse) {
    console.log(`  ${name.padEnd(40)} ${ns.toFixed(0).padStart(6)} ns`);
  }
  const cloudFrontRatio = perResponse.get(variants[0].name)! / perResponse.get(variants[1].name)!;
  const lambdaRatio = perResponse.get(variants[2].name)! / perResponse.get(variants[3].name)!;
  console.log(`Ratio generated / naive: CloudFront Function ${cloudFrontRatio.toFixed(2)}x, Lambda@Edge ${lambdaRatio.toFixed(2)}x (target <= 3x)`);
  console.log(`CloudFront Function size: ${Buffer.byteLength(cloudFrontCode, 'utf8')} bytes (target <= 2048; CloudFront limit 10240); naive baseline ${Buffer.byteLength(NAIVE_CLOUDFRONT_FUNCTION, 'utf8')} bytes`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
