/**
 * The documentation as the consumer tests read it: every TypeScript block of README.md and
 * docs/*.md, and the shell commands of a README section.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');

/** One fenced TypeScript block. */
export interface DocBlock {
  /** `README.md` or `docs/<name>.md`. */
  readonly source: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
  /** The project file it is, from a `<!-- file: <path> -->` line right above the fence. */
  readonly file?: string;
  /** The module specifiers it imports. */
  readonly imports: string[];
}

/** README.md and every docs/*.md, relative to the repository. */
export function documentationFiles(): string[] {
  const docs = fs.existsSync(path.join(REPO, 'docs'))
    ? fs.readdirSync(path.join(REPO, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)
    : [];
  return ['README.md', ...docs];
}

/** Every ```ts / ```typescript block of the documentation. */
export function docBlocks(): DocBlock[] {
  return documentationFiles().flatMap((source) => blocksOf(source, fs.readFileSync(path.join(REPO, source), 'utf8')));
}

export function blocksOf(source: string, text: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^(\s*)```(ts|typescript)\s*$/.exec(lines[index]);
    if (fence === null) {
      continue;
    }
    const indent = fence[1];
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && lines[end].trim() !== '```') {
      body.push(lines[end].startsWith(indent) ? lines[end].slice(indent.length) : lines[end]);
      end++;
    }
    const marker = index > 0 ? /^\s*<!--\s*file:\s*(\S+)\s*-->\s*$/.exec(lines[index - 1]) : null;
    const code = body.join('\n') + '\n';
    blocks.push({ source, line: index + 1, code, file: marker?.[1], imports: importsOf(code) });
    index = end;
  }
  return blocks;
}

function importsOf(code: string): string[] {
  return [...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/g), ...code.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)]
    .map((match) => match[1]);
}

/** The lines of the ```sh / ```bash blocks in a README section (`## <heading>` up to the next `## `), comments cut. */
export function sectionCommands(heading: string): string[] {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) {
    throw new Error(`README.md has no section "## ${heading}"`);
  }
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)]
    .flatMap((match) => match[1].split('\n'))
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line.length > 0);
}
