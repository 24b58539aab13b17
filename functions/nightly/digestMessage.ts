/**
 * What the morning digest says, and how it is written for its webhook: an Adaptive Card for a
 * Microsoft Teams Workflows (Power Automate) webhook, plain JSON for any other URL. Pure: the
 * content is gathered in digest.ts.
 */
import { formatMoney, type ChangeKind, type WorkLine } from '../../shared';

export interface DigestChangeGroup {
  kind: ChangeKind;
  count: number;
  /** Money lost (no-longer-claimable, nothing-left-to-earn...) or at stake on the work list for these workloads, in cents. */
  amountCents: number;
  amountIs: 'lost' | 'at-stake';
}

export interface DigestRunWithErrors {
  runId: string;
  night: string;
  status: string;
  errors: number | null;
  detail: string;
}

export interface DigestContent {
  runId: string;
  night: string;
  status: string;
  /** The run in words (as GET /runs/{id} says it). */
  summary: string;
  currency: string;
  changes: DigestChangeGroup[];
  /** The top of the work list, with links. */
  top: Array<WorkLine & { rank: number; link: string }>;
  /** Lines on the whole work list. */
  workListTotal: number;
  runsWithErrors: DigestRunWithErrors[];
}

export type DigestFormat = 'adaptive-card' | 'json';

/** Teams Workflows webhooks (Power Automate) and the older Office connectors take Adaptive Cards. */
export function formatFor(url: URL, override?: string): DigestFormat {
  if (override === 'json' || override === 'adaptive-card') return override;
  const host = url.hostname.toLowerCase();
  return host.endsWith('.logic.azure.com') || host.endsWith('.powerplatform.com') || host.endsWith('.webhook.office.com') ? 'adaptive-card' : 'json';
}

const money = (cents: number | null, currency: string) => (cents === null ? 'amount depends on the market' : formatMoney(cents, currency));

/** The digest as JSON for any webhook. */
export function digestJson(c: DigestContent): Record<string, unknown> {
  return { type: 'partner-incentives.digest', version: 1, ...c };
}

/** The digest as a Teams Workflows message: one Adaptive Card (version 1.4) as an attachment. */
export function digestCard(c: DigestContent): Record<string, unknown> {
  const body: Array<Record<string, unknown>> = [
    { type: 'TextBlock', size: 'Large', weight: 'Bolder', text: `Partner incentives: the night of ${c.night}`, wrap: true },
    { type: 'TextBlock', text: c.summary, wrap: true, isSubtle: true },
    { type: 'TextBlock', weight: 'Bolder', text: "Tonight's changes", wrap: true, spacing: 'Medium' },
    c.changes.length === 0
      ? { type: 'TextBlock', text: 'No changes tonight.', wrap: true }
      : {
          type: 'FactSet',
          facts: c.changes.map((g) => ({ title: g.kind, value: `${g.count} (${formatMoney(g.amountCents, c.currency)} ${g.amountIs === 'lost' ? 'lost' : 'at stake'})` })),
        },
    { type: 'TextBlock', weight: 'Bolder', text: `Top ${c.top.length} of ${c.workListTotal} on the work list`, wrap: true, spacing: 'Medium' },
    ...c.top.map((l) => ({
      type: 'TextBlock',
      wrap: true,
      text: `${l.rank}. **${l.customerName ?? l.tenantId}**, ${l.workload}: ${l.action}, ${money(l.amountCents, l.currency)}${l.deadline ? ` by ${l.deadline}` : ''}. ${l.message}`,
    })),
  ];
  if (c.runsWithErrors.length > 0) {
    body.push({ type: 'TextBlock', weight: 'Bolder', color: 'Attention', text: 'Runs with errors', wrap: true, spacing: 'Medium' });
    for (const r of c.runsWithErrors) body.push({ type: 'TextBlock', wrap: true, text: `${r.runId} (${r.night}, ${r.status}): ${r.detail}` });
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body },
      },
    ],
  };
}
