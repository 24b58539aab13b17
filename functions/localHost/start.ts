/**
 * `npm start`: the local host on port 7071 (like Core Tools), serving every function the app
 * registers. INCENTIVES_API_KEY sets the function key (a development key is made and printed
 * without it); INCENTIVES_CORS_ORIGINS (comma-separated) sets the origins CORS allows; PORT
 * moves the port. Ctrl-C stops it.
 */
import { DEFAULT_CORS_ORIGINS, startLocalHost } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 7071);
  const corsOrigins = process.env.INCENTIVES_CORS_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean) ?? DEFAULT_CORS_ORIGINS;
  const host = await startLocalHost({ port, apiKey: process.env.INCENTIVES_API_KEY, corsOrigins });
  console.log(`Partner incentives API on ${host.url}/api/v1 (${host.functions.length} functions):`);
  for (const fn of host.functions) console.log(`  ${fn.methods.join(',').padEnd(5)} /api/${fn.route}${fn.authLevel === 'anonymous' ? '  (no key)' : ''}`);
  if (host.generatedKey) {
    console.log(`\nINCENTIVES_API_KEY is not set; development key for this run:\n  ${host.apiKey}\nSend it as the x-functions-key header (or ?code=).`);
  } else {
    console.log('\nFunction key: from INCENTIVES_API_KEY.');
  }
  console.log(`CORS allows: ${corsOrigins.join(', ') || 'no origin'}. Ctrl-C stops.\n`);
  const stop = () => {
    host.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`Could not start the local host: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
