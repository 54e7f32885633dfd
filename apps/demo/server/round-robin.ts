/**
 * The tiny load balancer of `pnpm demo:cluster`: Node's `http`, round-robin over the kit
 * instances, what a host's nginx / ALB / Kubernetes Service does in production. Streams both
 * ways (SSE included: the response is piped as it comes, never buffered). Request bodies are
 * buffered (the demo's are small) so a request that reached a dead instance is retried on the
 * next one; an instance that refuses connections or answers 503 on `/kit/ready` (draining) is
 * skipped until its health check passes again.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http';

export interface Upstream {
  /** Shown in the `x-kit-instance` response header and the status page. */
  name: string;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  healthy: boolean;
}

export interface RoundRobin {
  upstreams: Upstream[];
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

const MAX_BODY = 32 * 1024 * 1024;
/** Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded. */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

export function roundRobin(upstreams: Upstream[], options: { healthPath: string; healthEveryMs?: number }): RoundRobin {
  let next = 0;
  const pick = (tried: Set<Upstream>): Upstream | undefined => {
    for (let i = 0; i < upstreams.length; i++) {
      const u = upstreams[next++ % upstreams.length] as Upstream;
      if (u.healthy && !tried.has(u)) return u;
    }
    return undefined;
  };

  const check = () => {
    for (const u of upstreams) {
      const probe = request(`${u.url}${options.healthPath}`, { timeout: 1000 }, (res) => {
        u.healthy = res.statusCode === 200;
        res.resume();
      });
      probe.on('timeout', () => probe.destroy(new Error('timeout')));
      probe.on('error', () => (u.healthy = false));
      probe.end();
    }
  };
  const timer = setInterval(check, options.healthEveryMs ?? 1000);
  timer.unref();

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, tried: Set<Upstream>): void {
    const u = pick(tried);
    if (!u) {
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'no_instance', message: 'No kit instance is up.' } }));
      return;
    }
    tried.add(u);
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
    headers['content-length'] = String(body.length);
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    const upstream = request(`${u.url}${req.url}`, { method: req.method, headers }, (up) => {
      const out: Record<string, string | string[]> = { 'x-kit-instance': u.name };
      for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
      res.writeHead(up.statusCode ?? 502, out);
      res.flushHeaders();
      up.pipe(res);
      // The instance died mid-stream (an SSE client reconnects with Last-Event-ID, elsewhere).
      up.on('error', () => res.destroy());
      res.on('close', () => up.destroy());
    });
    upstream.on('error', () => {
      if (res.headersSent) return void res.destroy();
      // Nothing reached the instance's handler, or it died under us: mark it and try the next.
      u.healthy = false;
      forward(req, res, body, tried);
    });
    upstream.end(body);
  }

  return {
    upstreams,
    handle(req, res) {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) req.destroy();
        else chunks.push(c);
      });
      req.on('end', () => forward(req, res, Buffer.concat(chunks), new Set()));
    },
    close() {
      clearInterval(timer);
    },
  };
}
