/**
 * The words users use (DOMAIN.md "Words"), as the closed lists the engine accepts.
 */
import { looseEnum } from './validation';

export const CLOUDS = ['Commercial', 'GCC', 'GCC High', 'DoD'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const LICENSE_PROGRAMS = ['CSP', 'EA', 'CASA', 'MCA-E', 'Web Direct'] as const;
export type LicenseProgram = (typeof LICENSE_PROGRAMS)[number];

export const SEGMENTS = ['Commercial', 'Education', 'Public sector', 'Nonprofit'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** How a partner is associated with a customer workload or subscription. */
export const ASSOCIATION_TYPES = ['CPOR OSU', 'CPOR OSA', 'CPOR RevRec', 'CPOR RevRec Performance', 'CSP Tier 1', 'CSP Tier 2', 'DPOR', 'PAL'] as const;
export type AssociationType = (typeof ASSOCIATION_TYPES)[number];

/** Partner Center's market groups for per-user rates. */
export const MARKETS = ['A', 'B', 'C'] as const;
export type Market = (typeof MARKETS)[number];

/** Kinds of engagement activity a POE may describe (R11). */
export const ACTIVITY_TYPES = [
  'deployment',
  'implementation',
  'provisioning',
  'configuration',
  'policy-customisation',
  'adoption-change-management',
  'general-guidance',
  'lightweight-support',
  'end-user-support',
  'managed-services',
  'pre-sales',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** Recognition metrics of the partner programme (R9). */
export const RECOGNITION_METRICS = ['net-customer-add', 'usage'] as const;
export type RecognitionMetric = (typeof RECOGNITION_METRICS)[number];

export const cloudSchema = () => looseEnum(CLOUDS, 'cloud');
export const licenseProgramSchema = () => looseEnum(LICENSE_PROGRAMS, 'license program');
export const segmentSchema = () => looseEnum(SEGMENTS, 'segment');
export const associationTypeSchema = () => looseEnum(ASSOCIATION_TYPES, 'association type');
export const marketSchema = () => looseEnum(MARKETS, 'market');
export const activityTypeSchema = () => looseEnum(ACTIVITY_TYPES, 'activity type');
export const recognitionMetricSchema = () => looseEnum(RECOGNITION_METRICS, 'recognition metric');
