/** The program catalog the engine uses, and the changes the operations team makes to it. */
import { requestSchema, answer, headerOf, isoDateSchema, problem, ref, bodyProblems, type Area } from '../parts';
import { AmendmentBodySchema, WhatIfDraftSchema } from '../../storage/programChanges';
import { CatalogDataSchema, ProgramAnswerSchema, ProgramHistorySchema, ProgramListSchema, ProgramVersionSchema, WhatIfSchema, WorkloadsCatalogSchema } from '../responses/catalog';
import { ProgramSchema } from '../../../shared';

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const etag = { ETag: headerOf('The ETag of the stored program year: send it as If-Match to change it.') };
const changedByHeader = { name: 'X-Changed-By', in: 'header', required: false, schema: { type: 'string' }, description: 'Who makes the change (required unless an amendment body names changedBy).' };
const ifMatch = (required: boolean) => ({ name: 'If-Match', in: 'header', required, schema: { type: 'string' }, description: 'The ETag read (GET /programs/{id}).' });
const json = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });

export function catalogArea(): Area {
  return {
    paths: {
      '/programs': {
        get: {
          operationId: 'listPrograms',
          summary: 'The program catalog: the figures in force on asOfDate (today without it), amendments applied and listed',
          parameters: [{ name: 'asOfDate', in: 'query', required: false, schema: isoDateSchema }],
          responses: { '200': answer('Programs, families and the recognition rules', 'ProgramList'), '400': problem[400], '401': problem[401] },
        },
      },
      '/programs/{id}': {
        get: {
          operationId: 'getProgram',
          summary: 'One program year (its own figures, or those in force on asOfDate), or the year of a family that covers asOfDate',
          parameters: [idParam, { name: 'asOfDate', in: 'query', required: false, schema: isoDateSchema }],
          responses: { '200': answer('The program data', 'Program', undefined, etag), '400': problem[400], '401': problem[401], '404': problem[404] },
        },
        put: {
          operationId: 'putProgram',
          summary: 'A new program year (without If-Match), or its figures replaced (with If-Match); its amendments stay',
          parameters: [idParam, ifMatch(false), changedByHeader, { name: 'X-Change-Note', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: json('ProgramInput'),
          responses: {
            '200': answer('Replaced: the new version', 'ProgramVersion', undefined, etag),
            '201': answer('Created: version 1', 'ProgramVersion', undefined, etag),
            ...bodyProblems,
            '404': problem[404],
            '412': problem[412],
            '428': problem[428],
            '503': problem[503],
          },
        },
        delete: {
          operationId: 'deleteProgram',
          summary: 'Delete a program year that no tracked workload refers to',
          parameters: [idParam, ifMatch(true)],
          responses: {
            '204': { description: 'Deleted, with its history' },
            '401': problem[401],
            '404': problem[404],
            '409': problem[409],
            '412': problem[412],
            '428': problem[428],
            '503': problem[503],
          },
        },
      },
      '/programs/{id}/amendments': {
        post: {
          operationId: 'amendProgram',
          summary: 'Change some figures of a program year from a date (effectiveFrom, inside the year)',
          parameters: [idParam, ifMatch(false), changedByHeader],
          requestBody: json('AmendmentInput'),
          responses: { '201': answer('The new version', 'ProgramVersion', undefined, etag), ...bodyProblems, '404': problem[404], '412': problem[412], '503': problem[503] },
        },
      },
      '/programs/{id}/history': {
        get: {
          operationId: 'programHistory',
          summary: 'Every version of a stored program year, newest first: who, when, why, the figures',
          parameters: [idParam],
          responses: { '200': answer('The versions', 'ProgramHistory'), '401': problem[401], '404': problem[404], '503': problem[503] },
        },
      },
      '/programs/{id}/what-if': {
        post: {
          operationId: 'programWhatIf',
          summary: 'Every tracked workload earnable and owed amounts under the stored figures and under a draft (not stored), and the totals',
          parameters: [idParam],
          requestBody: json('WhatIfDraft'),
          responses: { '200': answer('Amounts per workload and totals', 'WhatIf'), ...bodyProblems, '404': problem[404], '503': problem[503] },
        },
      },
      '/catalog': {
        get: {
          operationId: 'getCatalog',
          summary: 'The whole catalog as the engine loads it: program years, amendments, workloads, recognition rules, version',
          responses: { '200': answer('The catalog data', 'CatalogData'), '401': problem[401] },
        },
      },
      '/workloads-catalog': {
        get: {
          operationId: 'workloadsCatalog',
          summary: 'Every workload, the programs that pay for it, and every name accepted for it (suites and unpaid products too)',
          responses: { '200': answer('The workloads and their accepted names', 'WorkloadsCatalog'), '401': problem[401] },
        },
      },
    },
    requests: { ProgramInput: requestSchema(ProgramSchema), AmendmentInput: requestSchema(AmendmentBodySchema), WhatIfDraft: requestSchema(WhatIfDraftSchema) },
    responses: {
      ProgramList: ProgramListSchema,
      Program: ProgramAnswerSchema,
      ProgramVersion: ProgramVersionSchema,
      ProgramHistory: ProgramHistorySchema,
      WhatIf: WhatIfSchema,
      CatalogData: CatalogDataSchema,
      WorkloadsCatalog: WorkloadsCatalogSchema,
    },
  };
}
