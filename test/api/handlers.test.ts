import { HttpRequest, InvocationContext } from '@azure/functions';
import { eligibility } from '../../functions/http/eligibility';
import { sizeBandHandler } from '../../functions/http/sizeBand';
import { getProgram } from '../../functions/http/catalog';

function context(): InvocationContext {
  return new InvocationContext({ invocationId: 'test', functionName: 'test', logHandler: () => {} });
}

function post(body: string): HttpRequest {
  return new HttpRequest({ method: 'POST', url: 'http://localhost/api/v1/eligibility', headers: { 'content-type': 'application/json' }, body: { string: body } });
}

describe('handlers are plain functions over real HttpRequest / InvocationContext objects', () => {
  it('eligibility answers a verdict', async () => {
    const res = await eligibility(post(JSON.stringify({ programId: 'security-usage', asOfDate: '2025-03-31', workload: 'MDO', paidAvailableUnits: 600, monthlyActiveUsers: 30 })), context());
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body as string);
    expect(body).toMatchObject({ eligible: true, workload: 'Defender for Office 365', sizeBand: 'S', advice: { action: 'claim-now' } });
  });

  it('eligibility turns bad input into a 400 problem, not a throw', async () => {
    const res = await eligibility(post('{"paidAvailableUnits": "many"}'), context());
    expect(res.status).toBe(400);
    expect((res.headers as Record<string, string>)['content-type']).toBe('application/problem+json');
    const paths = JSON.parse(res.body as string).errors.map((e: { path: string }) => e.path);
    // asOfDate defaults to today; programId cannot default without a workload.
    expect(paths).toEqual(expect.arrayContaining(['programId', 'workload', 'paidAvailableUnits', 'monthlyActiveUsers']));
    expect(paths).not.toContain('asOfDate');
  });

  it('size-band reads the query and route params the same way the host passes them', async () => {
    const res = await sizeBandHandler(
      new HttpRequest({
        method: 'GET',
        url: 'http://localhost/api/v1/size-band?programId=modern-work-usage-fy25&paidAvailableUnits=299',
        query: { programId: 'modern-work-usage-fy25', paidAvailableUnits: '299' },
      }),
      context(),
    );
    expect(JSON.parse(res.body as string).band).toBe('XXS');
    const program = await getProgram(new HttpRequest({ method: 'GET', url: 'http://localhost/api/v1/programs/security-usage-fy26', params: { id: 'security-usage-fy26' } }), context());
    expect(JSON.parse(program.body as string).programYear).toEqual({ start: '2025-10-01', end: '2026-09-30' });
  });
});
