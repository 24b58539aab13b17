import { connect } from 'node:net';

/**
 * One HTTP/1.1 request written byte for byte on a fresh socket (fetch and http.request
 * normalise paths and refuse odd Host values, which is exactly what these tests need to send).
 * Resolves with the status code of the answer, or 0 when the server closed without one.
 */
export function rawRequest(port: number, requestTarget: string, headers: Record<string, string> = { host: 'localhost' }, method = 'GET'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${method} ${JSON.stringify(requestTarget)} within 10 s`)));
    socket.on('connect', () => {
      const lines = [`${method} ${requestTarget} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'connection: close', '', ''];
      socket.write(Buffer.from(lines.join('\r\n'), 'latin1'));
    });
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve({ status: 0, text: received }) : reject(e)));
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(received);
      resolve({ status: m ? Number(m[1]) : 0, text: received });
    });
  });
}
