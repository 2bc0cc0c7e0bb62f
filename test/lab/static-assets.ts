/**
 * The lab's static files under `/lab/`: the widget page, its script, the stylesheet and the
 * CometD browser client straight from node_modules (the real npm `cometd`, unbundled ES modules).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

const PAGES_DIR = path.join(__dirname, 'pages');
const COMETD_DIR = path.dirname(require.resolve('cometd/package.json'));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Values substituted for `{{NAME}}` in the HTML pages (HTML-escaped). */
export type PageValues = Record<string, string>;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Reads a page from test/lab/pages with its `{{NAME}}` placeholders filled in. */
export function renderPage(name: string, values: PageValues): string {
  const template = fs.readFileSync(path.join(PAGES_DIR, name), 'utf8');
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new Error(`page ${name} needs a value for {{${key}}}`);
    }
    return escapeHtml(value);
  });
}

function fileFor(pathname: string): string | undefined {
  const vendor = /^\/lab\/vendor\/cometd\/([A-Za-z0-9]+\.js)$/.exec(pathname);
  if (vendor !== null) {
    return path.join(COMETD_DIR, vendor[1]);
  }
  const own = /^\/lab\/(chat-widget\.js|lab\.css)$/.exec(pathname);
  return own === null ? undefined : path.join(PAGES_DIR, own[1]);
}

/**
 * Answers a GET for a `/lab/` asset. Returns false when the path is not one (the caller goes on).
 * `widget.html` is rendered with `values`.
 */
export function serveLabAsset(pathname: string, response: http.ServerResponse, values: PageValues): boolean {
  if (pathname === '/lab/widget.html') {
    response.writeHead(200, { 'Content-Type': CONTENT_TYPES['.html'], 'Cache-Control': 'no-store' });
    response.end(renderPage('widget.html', values));
    return true;
  }
  const file = fileFor(pathname);
  if (file === undefined || !fs.existsSync(file)) {
    return false;
  }
  response.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  response.end(fs.readFileSync(file));
  return true;
}
