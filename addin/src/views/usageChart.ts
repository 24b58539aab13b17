/**
 * "Chart the selected row": a tracked workload's monthly PAU and MAU, its claim's baseline
 * (HWM), the milestone lines (the active users each needs) and the forecast trend to the end
 * of the program year, as a Chart.js line chart with the numbers on hover.
 */
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js';
import { claimIsFiled, forecastUsage, formatCount, type Forecast, type UsageMonth, type WorkloadFactsInput } from '../../../shared';
import type { Cell } from '../cells';
import { getJson } from '../ui/api';
import { $, el } from '../ui/dom';
import { selectedRows } from '../ui/excel';
import { dateWords, workloadName } from '../ui/words';
import { rowToRecord } from '../trackRows';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

type Record_ = Record<string, unknown> & { tenantId: string; workload: string; programId: string; paidAvailableUnits: number; monthlyActiveUsers: number };

/** The engine's facts for the forecast, as the tracked record is judged (its claim counted when filed by the date). */
function factsOf(r: Record_, history: readonly UsageMonth[], asOfDate: string): WorkloadFactsInput {
  const facts: Record<string, unknown> = {
    programId: r.programId,
    workload: r.workload,
    asOfDate,
    paidAvailableUnits: r.paidAvailableUnits,
    monthlyActiveUsers: r.monthlyActiveUsers,
    cloud: r.cloud,
    licenseProgram: r.licenseProgram,
    usageHistory: history.filter((m) => m.month <= asOfDate.slice(0, 7)),
  };
  if (typeof r.claimStatus === 'string' && claimIsFiled(r.claimStatus) && typeof r.claimDate === 'string' && r.claimDate <= asOfDate) {
    facts.claimDate = r.claimDate;
    for (const k of ['claimApprovedDate', 'highWaterMark', 'paidAvailableUnitsAtClaim'] as const) if (r[k] !== undefined) facts[k] = r[k];
  }
  return facts as unknown as WorkloadFactsInput;
}

/** The months from `from` (exclusive) to `to` (inclusive), "YYYY-MM". */
function monthsAfter(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    const next = `${y}-${String(m).padStart(2, '0')}`;
    if (next > to || out.length > 24) return out;
    out.push(next);
  }
}

export interface ChartSeries {
  labels: string[];
  pau: Array<number | null>;
  mau: Array<number | null>;
  baseline: number | null;
  milestones: Array<{ number: number; users: number }>;
  forecast: Array<number | null>;
}

/** What the chart draws, from the record, its history and the forecast (pure, for the tests). */
export function chartSeries(record: Record_, history: readonly UsageMonth[], forecast: Forecast | null): ChartSeries {
  const months = [...history].sort((a, b) => (a.month < b.month ? -1 : 1));
  const last = months[months.length - 1];
  const future = forecast?.projected && last ? monthsAfter(last.month, forecast.programYearEnd.slice(0, 7)) : [];
  const labels = [...months.map((m) => m.month), ...future];
  const trend = forecast?.trendPerMonth ?? null;
  return {
    labels,
    pau: [...months.map((m) => m.paidAvailableUnits), ...future.map(() => null)],
    mau: [...months.map((m) => m.monthlyActiveUsers), ...future.map(() => null)],
    baseline: typeof record.highWaterMark === 'number' ? record.highWaterMark : null,
    milestones: (forecast?.milestones ?? []).map((m) => ({ number: m.number, users: m.activeUsersNeeded })),
    forecast:
      trend === null || !last
        ? labels.map(() => null)
        : [...months.map((m, i) => (i === months.length - 1 ? m.monthlyActiveUsers : null)), ...future.map((_, k) => Math.max(0, Math.round(last.monthlyActiveUsers + trend * (k + 1))))],
  };
}

let chart: Chart | null = null;

/** Draw the series on the pane's canvas (the chart instance is kept on the canvas for the tests). */
export function drawChart(s: ChartSeries, title: string): Chart {
  const canvas = $<HTMLCanvasElement>('usage-chart');
  chart?.destroy();
  const flat = (v: number, label: string, color: string, dash: number[]): ChartDataset<'line', Array<number | null>> => ({
    label,
    data: s.labels.map(() => v),
    borderColor: color,
    borderDash: dash,
    borderWidth: 1,
    pointRadius: 0,
  });
  const datasets: Array<ChartDataset<'line', Array<number | null>>> = [
    { label: 'PAU (paid seats)', data: s.pau, borderColor: '#0f6cbd', backgroundColor: '#0f6cbd', pointRadius: 2 },
    { label: 'MAU (active users)', data: s.mau, borderColor: '#107c10', backgroundColor: '#107c10', pointRadius: 2 },
    { label: 'Forecast MAU', data: s.forecast, borderColor: '#107c10', borderDash: [4, 3], pointRadius: 0, spanGaps: true },
  ];
  if (s.baseline !== null) datasets.push(flat(s.baseline, `Baseline HWM ${formatCount(s.baseline)}`, '#8a8886', [2, 2]));
  for (const m of s.milestones) datasets.push(flat(m.users, `Milestone ${m.number}: ${formatCount(m.users)} active users`, '#c239b3', [6, 3]));
  chart = new Chart(canvas, {
    type: 'line',
    data: { labels: s.labels.map((m) => dateWords(m)), datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 10 } } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${formatCount(Number(c.parsed.y))}` } },
      },
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => formatCount(Number(v)) } } },
    },
  });
  (canvas as HTMLCanvasElement & { chart?: Chart }).chart = chart;
  $('chart-title').textContent = title;
  return chart;
}

/** Chart the workload of the selected row (the sheet's first row names the columns). */
export async function chartSelectedRow(today: string): Promise<void> {
  const status = $('chart-status');
  const { headers, rows } = await selectedRows();
  const { tenantId, workload } = rowToRecord(headers, (rows[0] ?? []) as Cell[]);
  if (!tenantId || !workload) throw new Error(`Select a row with a tenant ID and a workload (the sheet's first row names the columns; found: ${headers.join(', ') || 'none'}).`);
  const path = `/workloads/${encodeURIComponent(tenantId)}/${encodeURIComponent(workload)}`;
  status.textContent = 'Loading...';
  const record = await getJson<Record_>(path);
  const { months } = await getJson<{ months: UsageMonth[] }>(`${path}/usage`);
  let forecast: Forecast | null = null;
  let why = '';
  try {
    forecast = forecastUsage(factsOf(record, months, today));
    if (!forecast.projected) why = forecast.reasons[0]?.message ?? '';
  } catch (e) {
    why = `No forecast: ${e instanceof Error ? e.message : String(e)}`;
  }
  const series = chartSeries(record, months, forecast);
  drawChart(series, `${String(record.customerName ?? tenantId)} · ${workloadName(record.workload)}`);
  const next = forecast?.milestones.find((m) => m.status !== 'reached');
  status.replaceChildren(
    el('span', {}, `${months.length} months of usage.`),
    ' ',
    el('span', {}, next ? (next.expectedMonth ? `Milestone ${next.number} expected in ${dateWords(next.expectedMonth)}.` : `Milestone ${next.number} not expected within the program year.`) : why),
  );
}

export function startChart(today: () => string): void {
  $('chart-load').addEventListener('click', () => {
    chartSelectedRow(today()).catch((e: unknown) => ($('chart-status').textContent = e instanceof Error ? e.message : String(e)));
  });
}
