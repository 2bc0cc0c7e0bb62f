import type { CheckResult, VerifyReport } from './types';

const MARK: Record<CheckResult['status'], string> = { passed: '✓', failed: '✗', skipped: '–' };

/** The report for people: one line per check, why, and how to fix it; the cookies as received. */
export function formatReport(report: VerifyReport): string {
  const width = Math.max(...report.checks.map((check) => check.id.length));
  const lines = [`gms-edge verify ${report.edgeUrl} (embedded in ${report.embeddingOrigin})`, ''];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${check.id.padEnd(width)}  ${check.detail}`);
    if (check.hint !== undefined && check.status !== 'passed') {
      lines.push(`  ${' '.repeat(width)}  fix: ${check.hint}`);
    }
    for (const cookie of check.cookies ?? []) {
      const verdict = cookie.problems.length === 0 ? '✓' : '✗';
      lines.push(`  ${' '.repeat(width)}  ${verdict} ${cookie.name}: ${cookie.attributes.join('; ') || '(no attributes)'}  [from ${cookie.path}]`);
    }
  }
  const failures = report.checks.filter((check) => !check.ok).length;
  lines.push('', report.ok ? `all ${report.checks.length} checks passed` : `${failures} of ${report.checks.length} checks failed`);
  return `${lines.join('\n')}\n`;
}

/** The report for pipelines: one object per check. */
export function reportJson(report: VerifyReport): string {
  return `${JSON.stringify({ ok: report.ok, edgeUrl: report.edgeUrl, embeddingOrigin: report.embeddingOrigin, checks: report.checks }, null, 2)}\n`;
}
