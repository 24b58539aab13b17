import { contextFor, defaultCatalog, eligibilityFrom, payoutFrom, PayoutInputSchema } from '../../shared';
import { generateWorkloads } from './generate';
const N = 100000;
const facts = generateWorkloads(N, 1).map((r) => PayoutInputSchema.parse(r));
const c = defaultCatalog;
function t(label: string, fn: () => void) { fn(); const t0 = performance.now(); fn(); console.log(label, ((performance.now() - t0) * 1e6 / N).toFixed(0), 'ns/item'); }
const ctxs = facts.map((f) => contextFor(c, f));
const elig = ctxs.map((x) => eligibilityFrom(c, x));
t('contextFor', () => { for (const f of facts) contextFor(c, f); });
t('eligibilityFrom', () => { for (const x of ctxs) eligibilityFrom(c, x); });
t('payoutFrom', () => { for (let i = 0; i < N; i++) payoutFrom(c, ctxs[i]!, facts[i]!, elig[i]); });
t('payoutFrom milestone only', () => { for (let i = 0; i < N; i++) if (ctxs[i]!.program.payout.style === 'milestone') payoutFrom(c, ctxs[i]!, facts[i]!, elig[i]); });
