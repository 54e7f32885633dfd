/**
 * createGraphSandbox: a Graph API emulator (Send API, uploads, reads, webhooks) with a customer
 * simulator, fault injection, a controllable clock and an inspection API. Mount `app` anywhere or
 * `listen()` on its own port.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { GRAPH_API_VERSION } from '@kit/core';
import { AccountRegistry } from './accounts';
import { createClock } from './clock';
import type { SandboxContext } from './context';
import { CustomerApi } from './customer';
import { FaultController } from './faults';
import { createGraphRouter } from './graph';
import { createControlRouter } from './http-control';
import { createInspect, Inspector } from './inspect';
import { permalinkOf } from './comments';
import { createRoutingControl } from './routing';
import { RateLimiter } from './ratelimit';
import { placeholderFile, placeholderPng } from './placeholder';
import { Store, type MediaObject } from './store';
import type { GraphSandboxOptions } from './types';
import { WebhookDispatcher } from './webhooks';
import type { GraphSandbox, SandboxAccountsControl } from './api';

export function createGraphSandbox(options: GraphSandboxOptions): GraphSandbox {
  if (!options || typeof options !== 'object') throw new TypeError('createGraphSandbox(options): options are required');
  if (typeof options.appSecret !== 'string' || options.appSecret === '') {
    throw new TypeError('createGraphSandbox: appSecret (string) is required — it signs webhooks and checks appsecret_proof');
  }
  const accounts = new AccountRegistry(options.accounts);
  const clock = createClock(options.now);
  const inspector = new Inspector();
  if (options.inspectLimit !== undefined) inspector.limit = Math.max(1, options.inspectLimit);
  const store = new Store();
  const faults = new FaultController(options.faults ?? {}, options.seed ?? 1);
  const rateLimiter = new RateLimiter(clock.now);
  // Where the sandbox app is reachable (incl. its mount path), for the media URLs it hands out.
  // Explicit option > listen() > learned from the first request when mounted.
  let publicUrl = options.publicUrl?.replace(/\/$/, '') ?? 'http://127.0.0.1';
  let publicUrlKnown = options.publicUrl !== undefined;

  const ctx = {
    options,
    accounts,
    store,
    clock,
    faults,
    inspector,
    rateLimiter,
    graphVersion: options.graphVersion ?? GRAPH_API_VERSION,
    publicUrl: () => publicUrl,
  } as SandboxContext;
  ctx.webhooks = new WebhookDispatcher({
    appSecret: options.appSecret,
    verifyToken: options.verifyToken ?? 'sandbox-verify-token',
    ...(options.webhookUrl ? { url: options.webhookUrl } : {}),
    ...(options.webhooks ? { tuning: options.webhooks } : {}),
    clock,
    faults,
    inspector,
    isSubscribed: (entryId, field) => accounts.find(entryId)?.subscribedFields.has(field) ?? false,
  });

  const customer = new CustomerApi(ctx);
  const accountsControl: SandboxAccountsControl = {
    list: () => accounts.list(),
    get: (id) => accounts.find(id),
    expireToken(id) {
      const a = accounts.require(id);
      a.tokenState = 'expired';
      a.tokenExpiredAt = clock.now();
    },
    revokeToken(id) {
      accounts.require(id).tokenState = 'revoked';
    },
    restoreToken(id) {
      accounts.require(id).tokenState = 'valid';
    },
    setPermissions(id, permissions) {
      accounts.require(id).permissions = new Set(permissions);
    },
    createMedia(id, media) {
      const a = accounts.require(id);
      const mediaId = store.newNumericId(media.kind === 'story' ? '18' : '17');
      // Reels and Live are VIDEO on Graph: media_url is the video, thumbnail_url a still of it.
      const video = media.kind === 'reel' || media.kind === 'live';
      let url = media.url;
      if (!url) {
        url = `${publicUrl}/__sandbox/cdn/media_${mediaId}`;
        store.blobs.set(`media_${mediaId}`, video ? placeholderFile('video') : { mime: 'image/png', bytes: placeholderPng([79, 91, 213]) });
      }
      let thumbnailUrl: string | undefined;
      if (video) {
        thumbnailUrl = `${publicUrl}/__sandbox/cdn/media_${mediaId}_thumb`;
        store.blobs.set(`media_${mediaId}_thumb`, { mime: 'image/png', bytes: placeholderPng([213, 91, 79]) });
      }
      const stored: MediaObject = { id: mediaId, ownerId: a.id, kind: media.kind, url, ...(thumbnailUrl ? { thumbnailUrl } : {}), ...(media.caption ? { caption: media.caption } : {}), createdAt: clock.now() };
      store.media.set(mediaId, stored);
      return { id: mediaId, url, permalink: permalinkOf(stored), ...(thumbnailUrl ? { thumbnailUrl } : {}) };
    },
    endLive(mediaId) {
      const m = store.media.get(mediaId);
      if (!m || m.kind !== 'live') throw new Error(`endLive: ${mediaId} is not a Live broadcast`);
      m.liveEndedAt ??= clock.now();
    },
  };

  const sandbox: GraphSandbox = {
    app: undefined as unknown as Express,
    customer,
    routing: createRoutingControl(ctx, (customerId) => customer.resolve(customerId)),
    faults: {
      get: () => faults.get(),
      set: (partial) => faults.set(partial),
      clear: () => faults.clear(),
      once: (fault) => faults.once(fault),
    },
    accounts: accountsControl,
    setPublicUrl(url) {
      publicUrl = url.replace(/\/$/, '');
      publicUrlKnown = true;
    },
    inspect: createInspect(inspector),
    clock,
    webhooks: {
      url: () => ctx.webhooks.webhookUrl,
      setUrl: (url) => ctx.webhooks.setUrl(url),
      verify: () => ctx.webhooks.verify(),
    },
    reset() {
      accounts.reset();
      store.reset();
      inspector.reset();
      faults.reset();
      rateLimiter.reset();
      clock.reset();
      ctx.webhooks.reset(ctx.webhooks.webhookUrl);
    },
    flush: () => ctx.webhooks.flush(),
    idle: () => ctx.webhooks.idle(),
    async listen(port = 0, host = '127.0.0.1') {
      const server: Server = await new Promise((resolve, reject) => {
        const s = sandbox.app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
      });
      const addr = server.address() as AddressInfo;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
      if (!options.publicUrl) {
        publicUrl = url;
        publicUrlKnown = true;
      }
      return {
        url,
        port: addr.port,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
    close() {
      ctx.webhooks.stop();
    },
    options,
  };

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((req, _res, next) => {
    if (!publicUrlKnown) {
      publicUrl = `${req.protocol}://${req.get('host') ?? '127.0.0.1'}${app.path()}`.replace(/\/$/, '');
      publicUrlKnown = true;
    }
    next();
  });
  app.use('/__sandbox', createControlRouter(ctx, sandbox));
  const graph = createGraphRouter(ctx);
  app.use('/instagram', graph);
  app.use('/facebook', graph);
  app.use(graph);
  sandbox.app = app;
  return sandbox;
}
