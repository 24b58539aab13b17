/**
 * POST /api/v1/recognition: association type x product x metric, or { items }.
 */
import { recognize, type RecognitionInput } from '../../shared';
import { singleOrBatch } from './batch';

export const recognition = singleOrBatch((input: RecognitionInput) => recognize(input));
