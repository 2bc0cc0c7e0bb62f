#!/usr/bin/env node
/**
 * `gms-edge verify <edge-url> --embedding-origin <https://site> [...]`: the checks of
 * {@link verifyEdge} for people (a table) and pipelines (`--json`). Exit status: 0 when every
 * check passed, 1 when any failed, 2 on bad usage.
 */
import * as fs from 'node:fs';
import { parseResolveEntry } from './http-client';
import { formatReport, reportJson } from './report';
import type { ResolveEntry, VerifyOptions } from './types';
import { VerifyUsageError, verifyEdge } from './verify';

export const USAGE = `usage: gms-edge verify <edge-url> --embedding-origin <https://site>
    [--json] [--origin <https://load-balancer-dns>] [--long-poll-seconds N] [--browser]
    [--resolve host:port:address]... [--ca-file <pem>] [--chat-service <name>]`;

/** Parsed command line. */
export interface VerifyCommand {
  readonly options: VerifyOptions;
  readonly json: boolean;
}

/** Parses `verify ...` arguments; throws {@link VerifyUsageError}. */
export function parseVerifyArgs(argv: readonly string[]): VerifyCommand {
  const [command, ...rest] = argv;
  if (command !== 'verify') {
    throw new VerifyUsageError(command === undefined ? 'no command given' : `unknown command ${JSON.stringify(command)}`);
  }
  const positional: string[] = [];
  const resolve: ResolveEntry[] = [];
  let embeddingOrigin: string | undefined;
  let originUrl: string | undefined;
  let longPollSeconds: number | undefined;
  let caFile: string | undefined;
  let chatService: string | undefined;
  let json = false;
  let browser = false;
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].startsWith('--') ? rest[i].split(/=(.*)/s, 2) : [rest[i], undefined];
    const value = (): string => {
      const next = inline ?? rest[++i];
      if (next === undefined || (inline === undefined && next.startsWith('--'))) {
        throw new VerifyUsageError(`${flag} needs a value`);
      }
      return next;
    };
    switch (flag) {
      case '--embedding-origin': embeddingOrigin = value(); break;
      case '--origin': originUrl = value(); break;
      case '--long-poll-seconds': {
        const text = value();
        longPollSeconds = /^[0-9]+$/.test(text) ? Number(text) : NaN;
        break;
      }
      case '--resolve':
        try {
          resolve.push(parseResolveEntry(value()));
        } catch (error) {
          throw new VerifyUsageError((error as Error).message);
        }
        break;
      case '--ca-file': caFile = value(); break;
      case '--chat-service': chatService = value(); break;
      case '--json': json = true; break;
      case '--browser': browser = true; break;
      default:
        if (flag.startsWith('--')) {
          throw new VerifyUsageError(`unknown flag ${flag}`);
        }
        positional.push(flag);
    }
  }
  if (positional.length !== 1) {
    throw new VerifyUsageError(positional.length === 0 ? 'give the edge URL, e.g. https://chat.example.com' : `one edge URL expected, got ${positional.join(' ')}`);
  }
  if (embeddingOrigin === undefined) {
    throw new VerifyUsageError('--embedding-origin is required: the https:// origin of the site that embeds the chat');
  }
  let extraCaCertificates: string | undefined;
  if (caFile !== undefined) {
    try {
      extraCaCertificates = fs.readFileSync(caFile, 'utf8');
    } catch (error) {
      throw new VerifyUsageError(`--ca-file ${caFile}: ${(error as Error).message}`);
    }
    if (!extraCaCertificates.includes('-----BEGIN CERTIFICATE-----')) {
      throw new VerifyUsageError(`--ca-file ${caFile} holds no PEM certificate`);
    }
  }
  return {
    json,
    options: { edgeUrl: positional[0], embeddingOrigin, originUrl, longPollSeconds, browser, resolve, extraCaCertificates, chatService },
  };
}

/** Runs the command; resolves to the exit status. */
export async function main(argv: readonly string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream & { isTTY?: boolean } }): Promise<number> {
  let command: VerifyCommand;
  try {
    command = parseVerifyArgs(argv);
  } catch (error) {
    if (error instanceof VerifyUsageError) {
      io.stderr.write(`gms-edge: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  let lastProgress = '';
  const onProgress: VerifyOptions['onProgress'] = (progress) => {
    // On a terminal one line that updates in place; in a log one line every 5 s.
    if (io.stderr.isTTY) {
      io.stderr.write(`\r${progress.check}: ${progress.message}  `);
      lastProgress = progress.message;
    } else if ((progress.elapsedSeconds === 1 || progress.elapsedSeconds % 5 === 0) && progress.message !== lastProgress) {
      io.stderr.write(`${progress.check}: ${progress.message}\n`);
      lastProgress = progress.message;
    }
  };
  try {
    const report = await verifyEdge({ ...command.options, onProgress });
    if (io.stderr.isTTY && lastProgress !== '') {
      io.stderr.write('\n');
    }
    io.stdout.write(command.json ? reportJson(report) : formatReport(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof VerifyUsageError) {
      io.stderr.write(`gms-edge: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (status) => { process.exitCode = status; },
    (error: Error) => {
      process.stderr.write(`gms-edge: ${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}
