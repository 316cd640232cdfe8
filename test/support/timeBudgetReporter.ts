import type { Reporter, TestCase } from 'vitest/node';

/**
 * Lists every test that used more than a third of its timeout: a test that close to its limit
 * on a quiet machine fails on a busy one (CI shares two cores between test files). It prints,
 * never fails the run: a timing is a warning sign, not a verdict.
 * `TIME_BUDGET_REPORT=path` also writes the list as JSON, for `npm run test:stress`.
 */
export default class TimeBudgetReporter implements Reporter {
  private readonly over: { name: string; duration: number; timeout: number }[] = [];

  onTestCaseResult(test: TestCase): void {
    const { duration } = test.diagnostic() ?? { duration: 0 };
    const timeout = test.options.timeout ?? test.project.config.testTimeout;
    if (timeout > 0 && duration > timeout / 3) {
      this.over.push({ name: `${test.project.name} › ${test.fullName}`, duration, timeout });
    }
  }

  async onTestRunEnd(): Promise<void> {
    const lines = this.over
      .sort((a, b) => b.duration / b.timeout - a.duration / a.timeout)
      .map((t) => `  ${Math.round(t.duration)} ms of ${t.timeout} ms  ${t.name}`);
    console.log(
      lines.length
        ? `\nTests above a third of their timeout (${lines.length}):\n${lines.join('\n')}`
        : '\nTime budget: every test ran under a third of its timeout.',
    );
    const path = process.env.TIME_BUDGET_REPORT;
    if (path) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path, JSON.stringify(this.over, null, 2));
    }
  }
}
