/**
 * Files the proxy serves by signed URL (Instagram-Login accounts send media by URL only,
 * reference D7): kept in a directory next to a small JSON sidecar (mime, size, expiry), swept when
 * they expire and on every start. Ids are random; the signature (signed-url.ts) is what grants
 * access.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MediaMeta {
  id: string;
  mime: string;
  size: number;
  kind: string;
  expiresAt: number;
  name?: string;
}

const ID_RE = /^[a-f0-9]{32}$/;

export class MediaStore {
  constructor(
    readonly dir: string,
    private readonly now: () => number,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Move a finished temporary upload into the served set. */
  async adopt(tempPath: string, meta: Omit<MediaMeta, 'id'>): Promise<MediaMeta> {
    const id = randomBytes(16).toString('hex');
    const full: MediaMeta = { id, ...meta };
    await writeFile(join(this.dir, `media-${id}.json`), JSON.stringify(full), { mode: 0o600 });
    await rename(tempPath, join(this.dir, `media-${id}`));
    return full;
  }

  async get(id: string): Promise<{ meta: MediaMeta; path: string } | null> {
    if (!ID_RE.test(id)) return null;
    try {
      const meta = JSON.parse(await readFile(join(this.dir, `media-${id}.json`), 'utf8')) as MediaMeta;
      return { meta, path: join(this.dir, `media-${id}`) };
    } catch {
      return null;
    }
  }

  /** Delete expired media and temporary uploads older than `staleMs` (left by a crash). */
  async sweep(staleMs = 3_600_000): Promise<number> {
    let removed = 0;
    const now = this.now();
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const m = /^media-([a-f0-9]{32})\.json$/.exec(name);
      if (m) {
        const found = await this.get(m[1] as string);
        if (!found || found.meta.expiresAt <= now) {
          await rm(join(this.dir, name), { force: true });
          await rm(join(this.dir, `media-${m[1]}`), { force: true });
          removed++;
        }
      } else if (name.startsWith('upload-')) {
        const st = await stat(join(this.dir, name)).catch(() => null);
        if (st && Date.now() - st.mtimeMs > staleMs) {
          await rm(join(this.dir, name), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}
