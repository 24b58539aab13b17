/**
 * "Pull tracked workloads into a sheet": every tracked workload (GET /api/v1/workloads, page by
 * page) as one row of an Excel table on a new sheet: the columns an import and "Track selected
 * rows" read, then the verdict, advice and amounts; progress as the rows are written.
 */
import { api, problemText } from '../ui/api';
import { $ } from '../ui/dom';
import { writeTable } from '../ui/excel';
import { PULL_COLUMNS, type Workload } from '../pullColumns';

/** The tracked workloads as table rows, a page (up to 1,000) at a time. */
export async function* trackedRows(pageSize = 1000): AsyncGenerator<unknown[][]> {
  let path: string | undefined = `/workloads?pageSize=${pageSize}`;
  while (path) {
    const { status, json } = await api().send('GET', path);
    if (status !== 200) throw new Error(problemText(json, status));
    yield (json.items as Workload[]).map((w) => PULL_COLUMNS.map((c) => c.cell(w)));
    path = typeof json.nextLink === 'string' ? json.nextLink.replace(/^\/api\/v1/, '') : undefined;
  }
}

export async function pullIntoSheet(): Promise<void> {
  const status = $('pull-status');
  const progress = $<HTMLProgressElement>('pull-progress');
  progress.removeAttribute('value');
  status.textContent = 'Reading tracked workloads...';
  const done = await writeTable(
    'Tracked workloads',
    PULL_COLUMNS.map((c) => c.header),
    trackedRows(),
    (written) => {
      progress.max = written + 1;
      progress.value = written;
      status.textContent = `${written.toLocaleString('en-US')} rows written...`;
    },
  );
  progress.max = 1;
  progress.value = 1;
  status.textContent = `${done.rows.toLocaleString('en-US')} tracked workloads in the table on sheet "${done.sheet}".`;
}

export function startPull(): void {
  $('pull').addEventListener('click', () => {
    pullIntoSheet().catch((e: unknown) => ($('pull-status').textContent = e instanceof Error ? e.message : String(e)));
  });
}
