/**
 * The documentation's own rules, checked without installing anything (the consumer project
 * tests compile its TypeScript blocks).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, blocksOf, docBlocks, documentationFiles } from './docs';
import { isCloudNeutral } from './harness';
import { CONSUMER_PROJECT_CASES } from './projects';

describe('the documentation', () => {
  const blocks = docBlocks();

  it('has TypeScript blocks in the README, each compiled by exactly one consumer project or cloud-neutral (compiled by all)', () => {
    expect(blocks.filter((block) => block.source === 'README.md').length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) {
      const owners = CONSUMER_PROJECT_CASES.filter((projectCase) => projectCase.ownsBlock(block)).map((projectCase) => projectCase.name);
      expect({ block: `${block.source}:${block.line}`, owners: isCloudNeutral(block) ? ['all'] : owners })
        .toEqual({ block: `${block.source}:${block.line}`, owners: [expect.any(String)] });
    }
  });

  it('gives each quick-start file of a project one block, and relative imports only to such files', () => {
    for (const projectCase of CONSUMER_PROJECT_CASES) {
      const files = blocks.filter((block) => block.file !== undefined && projectCase.ownsBlock(block)).map((block) => block.file);
      expect(new Set(files).size).toBe(files.length);
    }
    for (const block of blocks.filter((candidate) => candidate.imports.some((specifier) => specifier.startsWith('.')))) {
      expect({ block: `${block.source}:${block.line}`, file: block.file }).toEqual({ block: `${block.source}:${block.line}`, file: expect.any(String) });
    }
  });

  it('reads the file marker above a block and its imports', () => {
    const [block] = blocksOf('x.md', "text\n<!-- file: lib/a.ts -->\n```ts\nimport { A } from 'gms-edge-constructs/aws';\nexport const a = A;\n```\n");
    expect(block).toEqual({ source: 'x.md', line: 3, file: 'lib/a.ts', imports: ['gms-edge-constructs/aws'], code: "import { A } from 'gms-edge-constructs/aws';\nexport const a = A;\n" });
  });

  it.each(documentationFiles())('%s has no relative links (they break on the npm package page) and names only docs that exist', (file) => {
    const text = fs.readFileSync(path.join(REPO, file), 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    const relative = links.filter((target) => !/^(https?:|#)/.test(target));
    // docs/ pages are not shown on the npm page: they may link to the repository's files.
    expect(file.startsWith('docs/') ? [] : relative).toEqual([]);
    const namedDocs = [...text.matchAll(/`(docs\/[\w.-]+\.md)`/g)].map((match) => match[1]);
    expect(namedDocs.filter((doc) => !fs.existsSync(path.join(REPO, doc)))).toEqual([]);
  });

  it('README links only to headings it has', () => {
    const text = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    // GitHub's and npm's anchors: lower case, punctuation dropped, spaces to hyphens.
    const anchors = new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1].toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
    const targets = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    expect(targets.length).toBeGreaterThan(5);
    expect(targets.filter((target) => !anchors.has(target))).toEqual([]);
  });

  it('does not refer to a DESIGN.md (it is not part of the repository)', () => {
    for (const file of documentationFiles()) {
      expect({ file, mentions: fs.readFileSync(path.join(REPO, file), 'utf8').includes('DESIGN.md') }).toEqual({ file, mentions: false });
    }
  });
});
