/** Earnings: what Partner Center paid, reconciled with what the engine predicts. */
export { currencyDecimals, toMinorUnits, type MinorUnits } from './money';
export { countsAsPaid, distinctEarnings, paidSummary, sumDistinctEarnings, type Earning, type PaidSummary } from './paidEarnings';
export { countedEarnings, covers, supersededWords, type CountedEarnings, type HandEntry, type Superseded } from './enteredByHand';
export { INELIGIBLE_CODES, ineligibleMeaning, type IneligibleCode } from './ineligibleCodes';
export {
  DISPUTE_WINDOW_DAYS,
  MATCH_TOLERANCE_CENTS,
  MATCH_TOLERANCE_PCT,
  RECONCILIATION_STATUSES,
  ReconciliationTotals,
  claimLine,
  reconcileWorkload,
  withinTolerance,
  type Ineligibility,
  type PredictedLine,
  type ReconcileInput,
  type ReconcileWorkload,
  type ReconciliationLine,
  type ReconciliationStatus,
  type ReconciliationSummary,
  type ReconciliationGroup,
} from './reconcile';
export { predictedLines } from './predicted';
export { CapCheck, capProgram, type CapComparison, type CapFigures, type CapReportRow } from './capReport';
export { Calibration, type CalibrationFinding, type CalibrationWhatIf } from './calibration';
export { DISPUTE_DEADLINE_DAYS, findingsOf, type EarningsFindingKind, type ReconciliationFinding } from './findings';
