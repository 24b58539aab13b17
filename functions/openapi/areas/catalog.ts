/** The program catalog the engine uses. */
import { answer, isoDateSchema, problem, type Area } from '../parts';
import { ProgramAnswerSchema, ProgramListSchema, WorkloadsCatalogSchema } from '../responses/catalog';

export function catalogArea(): Area {
  return {
    paths: {
      '/programs': {
        get: { operationId: 'listPrograms', summary: 'The program catalog', responses: { '200': answer('Programs, families and the recognition rules', 'ProgramList'), '401': problem[401] } },
      },
      '/programs/{id}': {
        get: {
          operationId: 'getProgram',
          summary: 'One program year (or the year of a family that covers asOfDate)',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'asOfDate', in: 'query', required: false, schema: isoDateSchema },
          ],
          responses: { '200': answer('The program data', 'Program'), '400': problem[400], '401': problem[401], '404': problem[404] },
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
    requests: {},
    responses: { ProgramList: ProgramListSchema, Program: ProgramAnswerSchema, WorkloadsCatalog: WorkloadsCatalogSchema },
  };
}
