/**
 * Media from the agent: a real PNG goes through the picker (checked in the browser), the proxy's
 * upload route (checked again, handed to the Attachment Upload API) and arrives at "Instagram";
 * a file whose bytes contradict its name and type never leaves the picker.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import type { GraphSandbox } from '@kit/sandbox';
import { makePng, pdfPretendingToBePng } from './files';
import { screenshotPath, startE2E, type E2E } from './harness';
import { customerByUsername, openConversation, thread } from './helpers';

let e2e: E2E;
let sandbox: GraphSandbox;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  sandbox = e2e.demo.sandbox!;
  page = await e2e.open();
  await openConversation(page, 'giulia.rossi');
});

afterAll(async () => {
  await e2e?.close();
});

afterEach(() => {
  expect(e2e.takePageErrors()).toEqual([]);
});

async function openPicker() {
  await page.locator('.kit-inbox__main').getByRole('button', { name: 'Add photos, video, audio or PDF' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send media' });
  await dialog.waitFor();
  return dialog;
}

async function choose(dialog: ReturnType<Page['getByRole']>, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'choose files' }).click();
  await (await chooser).setFiles(file);
}

describe('agent sends media', () => {
  it('uploads a PNG with visible progress, and the image arrives and shows in the thread', async () => {
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const imagesSent = () => sandbox.inspect.sent({ recipientId: giulia.id }).filter((s) => s.attachments.some((a) => a.type === 'image'));
    const before = imagesSent().length;
    const png = makePng(360);
    expect(png.length).toBeGreaterThan(100_000);

    // Hold the upload's answer until the progress has been seen: deterministic on any machine.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let uploads = 0;
    await page.route('**/kit/accounts/*/attachments', async (route) => {
      uploads++;
      await gate;
      await route.continue();
    });
    onTestFinished(async () => {
      release();
      await page.unroute('**/kit/accounts/*/attachments');
    });

    const dialog = await openPicker();
    await choose(dialog, { name: 'bag-back.png', mimeType: 'image/png', buffer: png });
    await dialog.getByText(/^Ready · /).waitFor();
    await dialog.getByRole('button', { name: 'Send 1 file' }).click();

    await dialog.getByRole('progressbar', { name: 'Upload of bag-back.png' }).waitFor();
    await dialog.getByText(/^Uploading \d+%$/).waitFor();
    // XHR reports upload progress as the body leaves the page, which can be before the route
    // handler runs: wait for the request to reach it rather than read the count at once.
    await expect.poll(() => uploads).toBe(1);
    release();

    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => imagesSent().length, { timeout: 15_000 }).toBe(before + 1);
    const sent = imagesSent().at(-1)!;
    expect(sent.attachments).toHaveLength(1);

    // The thread shows it as the business's message, and the picture actually loads — live,
    // whichever of the echo and the POST answer lands first.
    const img = thread(page).locator('.kit-message[data-direction=outbound] .kit-attachment[data-kind=image] img').last();
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await img.evaluate((el: HTMLImageElement) => new URL(el.src).pathname)).toMatch(/^\/sandbox\/__sandbox\/cdn\//);
  });

  it('refuses a file whose bytes lie about its type, before anything is uploaded', async () => {
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const sentBefore = sandbox.inspect.sent({ recipientId: giulia.id }).length;
    let uploads = 0;
    await page.route('**/kit/accounts/*/attachments', async (route) => {
      uploads++;
      await route.continue();
    });
    onTestFinished(() => page.unroute('**/kit/accounts/*/attachments'));

    const dialog = await openPicker();
    await choose(dialog, pdfPretendingToBePng());
    const alert = dialog.locator('.kit-picker__file[data-state=rejected]').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/holiday-photo\.png claims to be .*PNG.*, but its contents are .*PDF/i);
    const send = dialog.getByRole('button', { name: /^Send \d+ files?$/ });
    expect(await send.getAttribute('aria-disabled')).toBe('true');
    await send.click({ force: true });

    expect(uploads).toBe(0);
    expect(sandbox.inspect.sent({ recipientId: giulia.id })).toHaveLength(sentBefore);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });
});

describe('media from the customer', () => {
  it('a video and a voice note from the customer play in the thread: decoded frames, 2 seconds each (screenshot checked)', async () => {
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    sandbox.customer.media(giulia.id, 'video');
    sandbox.customer.media(giulia.id, 'audio');
    const video = thread(page).locator('video').last();
    const audio = thread(page).locator('audio').last();
    await video.waitFor();
    await audio.waitFor();
    // preload="metadata" loads the duration; a decoded frame proves the codec path, not only the container.
    await expect.poll(() => video.evaluate((el: HTMLVideoElement) => (el.readyState >= 1 ? el.duration : 0)), { timeout: 15_000 }).toBeCloseTo(2, 1);
    await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => (el.readyState >= 1 ? el.duration : 0)), { timeout: 15_000 }).toBeCloseTo(2, 1);
    const pixel = await video.evaluate(async (el: HTMLVideoElement) => {
      // preload="metadata" holds back the frames: a seek fetches and decodes one.
      const seeked = new Promise((r) => el.addEventListener('seeked', r, { once: true }));
      el.currentTime = 0.1;
      await seeked;
      const c = document.createElement('canvas');
      c.width = el.videoWidth;
      c.height = el.videoHeight;
      const g = c.getContext('2d', { willReadFrequently: true })!;
      g.drawImage(el, 0, 0);
      return [c.width, c.height, ...g.getImageData(2, 2, 1, 1).data.slice(0, 3)];
    });
    // The clip's first frame: 96 × 160, Instagram pink (225, 48, 108) within the codec's rounding.
    expect(pixel.slice(0, 2)).toEqual([96, 160]);
    const pink = [225, 48, 108];
    pixel.slice(2).forEach((got, i) => expect(Math.abs(got - pink[i]!), `channel ${i}`).toBeLessThanOrEqual(3));
    expect(await thread(page).getByText('This media is no longer available').count()).toBe(0);
    expect(await thread(page).getByText('This media can’t be played here').count()).toBe(0);
    await video.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('media-customer-clips.png') });
  });
});

