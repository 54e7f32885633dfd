/**
 * The picker in real Chromium: files made by the browser itself (canvas → PNG/WebP blobs) are
 * dropped on the drop zone with a real DataTransfer, or chosen through the file input, and checked
 * from their first bytes before anything is uploaded.
 */
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import type { UploadFn } from './upload';
import { mount } from '../test/browserMount';
import { CONVERSATIONS } from '../test/fixtures';
import { StoryKit } from '../test/StoryKit';
import { MediaPicker } from './MediaPicker';

async function canvasFile(name: string, type: 'image/png' | 'image/webp' | 'image/jpeg'): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 48;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#3949d6';
  ctx.fillRect(0, 0, 64, 48);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), type));
  return new File([blob], name, { type: blob.type });
}

function drop(target: Element, files: File[]) {
  const data = new DataTransfer();
  for (const f of files) data.items.add(f);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
  }
}

describe('MediaPicker in Chromium', () => {
  it('checks dropped files from their bytes, previews the image, rejects the WebP, uploads and sends', async () => {
    const uploaded: string[] = [];
    const upload: UploadFn = async (file, { onProgress }) => {
      onProgress?.(file.size, file.size);
      uploaded.push(file.name);
      return { attachmentId: `att-${file.name}` };
    };
    mount(
      <StoryKit>
        <MediaPicker conversationId={CONVERSATIONS[0]!.id} upload={upload} defaultOpen />
      </StoryKit>,
    );
    const dialog = page.getByRole('dialog', { name: 'Send media' });
    await expect.element(dialog).toBeVisible();
    const png = await canvasFile('chart.png', 'image/png');
    const webp = await canvasFile('photo.webp', 'image/webp');
    drop(dialog.element().querySelector('.kit-picker__drop')!, [png, webp]);

    await expect.element(dialog.getByText('photo.webp is WebP; images can be PNG, JPEG, or GIF.')).toBeVisible();
    const preview = dialog.getByRole('img', { name: 'chart.png' });
    await expect.element(preview).toBeVisible();
    await expect.poll(() => (preview.element() as HTMLImageElement).naturalWidth).toBe(64); // a real decoded preview
    expect(uploaded).toEqual([]); // nothing uploaded before Send

    await dialog.getByRole('button', { name: 'Send 1 file' }).click();
    await expect.element(dialog).not.toBeInTheDocument();
    expect(uploaded).toEqual(['chart.png']);
  });

  it('takes a real JPEG through the file input', async () => {
    mount(
      <StoryKit>
        <MediaPicker conversationId={CONVERSATIONS[0]!.id} upload={async () => ({ attachmentId: 'x' })} defaultOpen />
      </StoryKit>,
    );
    const jpeg = await canvasFile('cat.jpg', 'image/jpeg');
    await expect.element(page.getByRole('dialog')).toBeVisible(); // loaded on demand
    const input = page.getByRole('dialog').element().querySelector<HTMLInputElement>('input[type=file]')!;
    await page.elementLocator(input).upload([jpeg]);
    await expect.element(page.getByRole('img', { name: 'cat.jpg' })).toBeVisible();
    await expect.element(page.getByText(/^Ready · /)).toBeVisible();
  });
});
