/**
 * In Chromium, a video or voice note that fails says why: a file this browser cannot decode offers
 * a download; a URL that no longer answers says the media is gone. Real media elements, real errors.
 */
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { mount } from '../test/browserMount';
import { StoryKit } from '../test/StoryKit';
import { AudioAttachment, VideoAttachment } from './PlayerAttachment';

function show(node: ReactNode, locale = 'en'): HTMLElement {
  return mount(<StoryKit locale={locale}>{node}</StoryKit>);
}

async function find<T>(look: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = look();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('not found within 5 s');
}

const urls: string[] = [];
function blobUrl(bytes: string, type: string): string {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  urls.push(url);
  return url;
}
afterEach(() => urls.splice(0).forEach((u) => URL.revokeObjectURL(u)));

/** A URL that answered once and is now gone, like an expired lookaside.fbsbx.com link. */
function goneUrl(type: string): string {
  const url = URL.createObjectURL(new Blob(['x'], { type }));
  URL.revokeObjectURL(url);
  return url;
}

describe('media that cannot be shown says why', () => {
  it('a video whose bytes do not decode offers a download of the same URL', async () => {
    const url = blobUrl('this is not an mp4 at all', 'video/mp4');
    const host = show(<VideoAttachment attachment={{ type: 'video', url }} />);
    const link = await find(() => host.querySelector('a'));
    expect(link.textContent).toBe('Download');
    expect(link.getAttribute('href')).toBe(url);
    expect(link.hasAttribute('download')).toBe(true);
    expect(host.querySelector('[data-failure="unplayable"]')?.textContent).toBe('This media can’t be played hereDownload');
    expect(host.querySelector('video')).toBeNull();
    await page.screenshot({ path: '__screenshots__/video-unplayable.png', element: host });
  });

  it('a voice note whose bytes do not decode offers a download too', async () => {
    const url = blobUrl('RIFF....WAVEnot really', 'audio/wav');
    const host = show(<AudioAttachment attachment={{ type: 'audio', url }} />);
    expect((await find(() => host.querySelector('a')))?.getAttribute('href')).toBe(url);
    expect(host.querySelector('audio')).toBeNull();
  });

  it('a URL that no longer answers says the media is gone, with nothing to download', async () => {
    const host = show(<VideoAttachment attachment={{ type: 'video', url: goneUrl('video/mp4') }} />);
    const placeholder = await find(() => host.querySelector('[role="img"]'));
    expect(placeholder.getAttribute('aria-label')).toBe('This media is no longer available');
    expect(host.querySelector('a')).toBeNull();
  });

  it('media marked expired by the proxy is not even requested', async () => {
    const host = show(<AudioAttachment attachment={{ type: 'audio', url: 'https://lookaside.fbsbx.com/gone', expired: true }} />);
    expect(host.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe('This media is no longer available');
    expect(host.querySelector('audio')).toBeNull();
  });

  it('speaks the provider’s language', async () => {
    const host = show(<VideoAttachment attachment={{ type: 'video', url: blobUrl('garbage', 'video/mp4') }} />, 'it');
    expect((await find(() => host.querySelector('a')))?.textContent).toBe('Scarica');
    expect(host.querySelector('[data-failure]')?.textContent).toBe('Questo contenuto non si può riprodurre quiScarica');
  });
});
