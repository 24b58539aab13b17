/**
 * The rules engine's public surface. Pure functions, no I/O, no Node-only APIs: the same code
 * runs in the Azure Functions app, the nightly run and Excel's JavaScript runtime.
 *
 * Each decision has a public function that validates its input (throwing EngineInputError
 * with every bad field named) and a `...From`/`...For` variant over already validated data,
 * for callers that evaluate many workloads.
 */
export { EngineInputError, ProgramDataError, isEngineInputError, parseWith, toInputIssues, type InputIssue } from './errors';
export { REASON_CODES, PARTNER_CENTER_CODES, Reason, reason, reasonsJson, reasonsText, type ReasonJson, type ReasonCode, type PartnerCenterCode } from './reasons';
export { REASON_PARAMS, type ReasonParams } from './reasonParams';
export * from './vocabulary';
export { formatCount, formatMoney, formatPct } from './format';

export { count, isoDate, isoMonth, text } from './validation';
export { SLOW, withFast, fastCheckOf, type FastCheck } from './fastPath';
export {
  programIdSchema,
  Catalog,
  catalogData,
  defaultCatalog,
  loadCatalog,
  shippedCatalogData,
  isActive,
  type CatalogData,
  type CatalogInfo,
  type ProgramVersion,
  type ResolvedProgram,
} from './programs/catalog';
export { AmendmentInputSchema, AmendmentSchema, CatalogAmendmentSchema, AMENDABLE_FIELDS, mergeFigures, type Amendment, type AmendmentInput } from './programs/amendments';
export { figuresReasons } from './programs/figuresNotice';
export { ProgramSchema, RecognitionRulesSchema, type Program, type ProgramInput, type RecognitionRules } from './programs/schema';
export { editDistance, WorkloadDirectory, workloadKey, type SuiteDefinition, type UntrackedProduct, type WorkloadDefinition, type WorkloadMatch } from './workloads';

export { tenantIdSchema, partnerIdSchema, countrySchema } from './ids';
export { WorkloadFactsSchema, claimDateOrderProblem, contextFor, type WorkloadFacts, type WorkloadFactsInput, type WorkloadContext } from './facts';
export type { Baseline } from './baseline';
export {
  TrackedRecordObject,
  fastTrackedRecord,
  TRACKED_RECORD_FIELDS,
  TRACKED_KEYS,
  TRACKED_DERIVED_FIELDS,
  TRACKED_WORKLOAD_FIELDS,
  CLAIM_STATUSES,
  MAX_NOTES_CHARS,
  trackedFieldKind,
  type TrackedRecordFields,
  type ClaimStatus,
} from './trackedRecord';
export {
  addBusinessDaysIso,
  claimDeadline,
  claimIsFiled,
  claimStatusOf,
  claimStatusWords,
  CLAIM_DISPUTE_DAYS,
  CLAIM_STATUS_WORDS,
  PARTNER_ACTION_BUSINESS_DAYS,
  REJECTED_STATUSES,
  type ClaimDeadline,
  type ClaimFields,
} from './claimStatus';
export { seatMinimum, seatMinimumFor, SeatMinimumInputSchema, type SeatMinimumInput, type SeatMinimumVerdict } from './seatMinimum';
export { sizeBand, sizeBandFor, bandName, SizeBandInputSchema, type SizeBandInput, type SizeBandVerdict } from './sizeBand';
export { usagePct, usageFor, UsageInputSchema, type UsageInput, type UsageVerdict } from './usagePct';
export { highWaterMark, highWaterMarkFor, HighWaterMarkInputSchema, UsageHistorySchema, UsageMonthSchema, type HighWaterMarkInput, type HighWaterMarkVerdict, type UsageMonth } from './highWaterMark';
export { historyWarnings, type HistoryEntry, type HistoryWarning, type HistoryWarningKind } from './historyWarnings';
export {
  checkEligibility,
  eligibilityFrom,
  EligibilityInputSchema,
  BLOCKING_CODES,
  STOPS_ALL_EARNINGS,
  type EligibilityInput,
  type EligibilityVerdict,
  type EligibilityVerdictJson,
  type EarnableMilestone,
} from './eligibility';
export {
  calculatePayout,
  calculatePayouts,
  payoutFrom,
  PayoutInputSchema,
  PayoutBatchInputSchema,
  type PayoutInput,
  type PayoutResult,
  type PayoutResultJson,
  type PayoutBatchInput,
  type PayoutBatchResult,
} from './payout/payout';
export { applyPartnerCap, applyPartnerCapTo, PartnerCapInputSchema, type PartnerCapInput, type PartnerCapResult, type CapLine } from './payout/partnerCap';
export { capPerProgramYear, CapSettingSchema, type PartnerCapGroup, type CapSetting } from './payout/partnerCapGroups';
export type { PayoutLine, PayoutLineStatus, PayoutReportingFields } from './payout/lines';
export { adviseClaim, adviceForClaimStatus, claimAdviceFrom, ClaimAdviceInputSchema, CLAIM_ACTIONS, type ClaimAction, type ClaimAdvice, type ClaimAdviceInput } from './claimAdvice';
export { amountLeftToEarn, type LeftToEarn } from './leftToEarn';
export { ADVICE_WORDS, adviceWords, CHANGE_KIND_WORDS, changeKindWords, WORK_ACTION_WORDS, workActionWords } from './words';
export { recognize, RecognitionInputSchema, type RecognitionInput, type RecognitionVerdict } from './recognition';
export {
  partnerOfRecord,
  PartnerOfRecordInputSchema,
  PartnerOfRecordEventSchema,
  type PartnerOfRecordInput,
  type PartnerOfRecordVerdict,
  type PartnerOfRecordEvent,
  type RecordPeriod,
  type PoeStatus,
} from './partnerOfRecord';
export { checkPoe, PoeCheckInputSchema, POE_REQUIREMENTS, type PoeCheckInput, type PoeVerdict, type PoeRequirement } from './poeCheck';
export { acknowledgementAge, ageInMonthsAndDays, type AcknowledgementAge } from './acknowledgementAge';
export { reevaluate, sameState, CHANGE_KINDS, PROGRAM_YEAR_ENDING_DAYS, type ChangeKind, type ChangeEvent, type WorkloadState, type StateSummary, type NightlyEvaluation } from './nightlyChanges';
export {
  projectUsage,
  forecastFrom,
  forecastUsage,
  FORECAST_METHOD,
  FORECAST_WINDOW_MONTHS,
  FORECAST_MIN_MONTHS,
  type Forecast,
  type ForecastInput,
  type MilestoneForecast,
  type ForecastCertainty,
} from './forecast';
export { workList, workLinesOf, compareWorkLines, WORK_ACTIONS, EARNINGS_ACTIONS, type WorkAction, type WorkLine, type WorkItem, type EarningsFinding } from './workList';
export * from './earnings';
