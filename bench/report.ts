/** The outcome of one benchmark section: a titled table of figures. */
export interface BenchResult {
  title: string;
  /** Setup of the measurement: counts, concurrency and process layout. */
  setup: string[];
  columns: string[];
  rows: string[][];
  /** Derived figures printed below the table, such as ratios. */
  summary: Array<[label: string, value: string]>;
}

export interface BenchSection {
  name: string;
  run: () => Promise<BenchResult>;
}

/** Formats a result as a plain-text table with right-aligned figures. */
export function formatResult(result: BenchResult): string {
  const table = [result.columns, ...result.rows];
  const widths = result.columns.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  const formatRow = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  const labelWidth = Math.max(0, ...result.summary.map(([label]) => label.length));
  return [
    `== ${result.title}`,
    ...result.setup.map((line) => `   ${line}`),
    '',
    formatRow(result.columns),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...result.rows.map(formatRow),
    '',
    ...result.summary.map(([label, value]) => `${label.padEnd(labelWidth)}  ${value}`),
  ].join('\n');
}
