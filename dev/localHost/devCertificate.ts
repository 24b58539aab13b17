/**
 * The development certificate `npm start` serves the add-in with (Office loads add-ins over
 * HTTPS only): a self-signed certificate for localhost, made once and kept in `.certs/`
 * (git-ignored). Trust it once to sideload (README: "Load the add-in").
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface DevCertificate {
  cert: string;
  key: string;
  certPath: string;
}

export async function devCertificate(folder: string): Promise<DevCertificate> {
  const certPath = join(folder, 'localhost.crt');
  const keyPath = join(folder, 'localhost.key');
  if (existsSync(certPath) && existsSync(keyPath)) return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath };
  const made = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  } as never);
  mkdirSync(folder, { recursive: true });
  writeFileSync(certPath, made.cert);
  writeFileSync(keyPath, made.private, { mode: 0o600 });
  return { cert: made.cert, key: made.private, certPath };
}
