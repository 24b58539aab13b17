// Validate the API's OpenAPI document (swagger-parser), then generate a client from the API's OpenAPI document the way a user would, and call the API
// with it: types with openapi-typescript, calls with openapi-fetch. Prints what it got as JSON.
//   node test/support/generatedClient.mjs <baseUrl> <key> <outDir>
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import createClient from 'openapi-fetch';
import SwaggerParser from '@apidevtools/swagger-parser';

const [baseUrl, key, outDir] = process.argv.slice(2);
const doc = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
const validated = await SwaggerParser.validate(structuredClone(doc));
const types = astToString(await openapiTS(doc));
writeFileSync(join(outDir, 'api.d.ts'), types);

const client = createClient({ baseUrl: new URL(doc.servers[0].url, baseUrl).href, headers: { 'x-functions-key': key } });
const eligibility = await client.POST('/eligibility', {
  body: { programId: 'security-usage', asOfDate: '2025-04-30', workload: 'MDE', paidAvailableUnits: 1000, monthlyActiveUsers: 12 },
});
const band = await client.GET('/size-band', { params: { query: { programId: 'security-usage-fy25', paidAvailableUnits: 1200 } } });
const program = await client.GET('/programs/{id}', { params: { path: { id: 'modern-work-usage-fy25' } } });
const bad = await client.POST('/eligibility', { body: { programId: 'security-usage' } });
console.log(
  JSON.stringify({
    validOpenApi: validated.openapi,
    typesBytes: types.length,
    typesHaveEligibility: types.includes('"/eligibility"'),
    eligibility: { status: eligibility.response.status, eligible: eligibility.data?.eligible, action: eligibility.data?.advice?.action },
    band: { status: band.response.status, band: band.data?.band },
    program: { status: program.response.status, id: program.data?.id },
    bad: { status: bad.response.status, paths: bad.error?.errors?.map((e) => e.path) },
  }),
);
