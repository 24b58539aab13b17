/**
 * POST /api/v1/poe-check: one claim's POE facts, or { items }.
 */
import { checkPoe, type PoeCheckInput } from '../../shared';
import { singleOrBatch } from './batch';

export const poeCheck = singleOrBatch((input: PoeCheckInput) => checkPoe(input));
