/**
 * Serves the built add-in (dist/addin) as static files: over HTTPS on port 3000 for `npm
 * start` (Office loads add-ins over HTTPS only), over HTTP on a free port for the browser
 * tests. Paths stay inside the folder; unknown files are 404.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.css': 'text/css; charset=utf-8',
};

export interface AddinServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface AddinServerOptions {
  folder: string;
  port?: number;
  host?: string;
  /** Certificate and key (PEM) for HTTPS; HTTP without them. */
  tls?: { cert: string; key: string };
}

/** The request's path, decoded; null when its percent-encoding is broken (`/%`, `/%c0%ae`). */
function decodedPath(url: string | undefined): string | null {
  try {
    return decodeURIComponent((url ?? '/').split('?')[0]!);
  } catch {
    return null;
  }
}

function handler(folder: string) {
  const root = realpathSync(folder);
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = decodedPath(req.url);
    if (path === null) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('The path is not valid percent-encoding.');
      return;
    }
    const relative = normalize(path === '/' ? '/taskpane.html' : path).replace(/^([/\\])+/, '');
    const file = join(root, relative);
    if (!file.startsWith(root + sep) || relative.split(/[/\\]/).includes('..') || relative.includes('\0')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': stat.size, 'cache-control': 'no-cache' });
      // A file removed between stat and read ends this answer, never the process.
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`No such file in the add-in. Run npm run build:addin?`);
    }
  };
}

export async function startAddinServer(options: AddinServerOptions): Promise<AddinServer> {
  const serve = handler(options.folder);
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, serve) : createHttpServer(serve);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host === '127.0.0.1' && options.tls ? 'localhost' : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
