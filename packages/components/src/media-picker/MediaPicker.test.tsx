import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { KitUploadResult } from '../client';
import { HUMAN_CID, OPEN_CID, renderWithKit } from '../test/kitHarness';
import { mediaFile } from '../test/mediaFiles';
import { MediaPicker } from './MediaPicker';
import type { UploadFn, UploadOptions } from './upload';

/** An upload transport the test drives by hand: progress, success, failure. */
function manualUpload() {
  const calls: { file: File; opts: UploadOptions; resolve(r: KitUploadResult): void; reject(e: Error): void }[] = [];
  const upload: UploadFn = (file, options) =>
    new Promise((resolve, reject) => {
      calls.push({ file, opts: options, resolve, reject });
      options.signal?.addEventListener('abort', () => reject(new Error('aborted')));
    });
  return { upload, calls };
}

async function open(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Add photos, video, audio or PDF' }));
  // The dialog's code is its own chunk: it appears once that has loaded.
  return screen.findByRole('dialog', { name: 'Send media' });
}

const fileInput = (dialog: HTMLElement) => dialog.querySelector<HTMLInputElement>('input[type=file]')!;

function setup(cid = OPEN_CID, upload: UploadFn = manualUpload().upload, extra: { tag?: 'HUMAN_AGENT' } = {}) {
  // Files that do not match `accept` still arrive by drop, paste or "All files" in the OS chooser.
  const user = userEvent.setup({ applyAccept: false });
  const h = renderWithKit(<MediaPicker conversationId={cid} upload={upload} {...extra} />);
  return { user, ...h };
}

describe('<MediaPicker>', () => {
  it('is a dialog that states the limits from core and takes the accept list from core', async () => {
    const { user } = setup();
    const dialog = await open(user);
    expect(dialog).toHaveAccessibleDescription(
      'Images (PNG, JPEG, or GIF) up to 8 MB, up to 10 per message; video (MP4, Ogg, AVI, MOV, or WebM), audio (AAC, M4A, WAV, or MP4) and PDF up to 25 MB, one per message.',
    );
    expect(fileInput(dialog).accept).toContain('image/png');
    expect(fileInput(dialog).accept).toContain('.pdf');
    // Radix moves focus into the dialog; Escape closes it and focus returns to the trigger.
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add photos, video, audio or PDF' })).toHaveFocus();
  });

  it('says exactly what is wrong with each rejected file, before any upload', async () => {
    const m = manualUpload();
    const { user } = setup(OPEN_CID, m.upload);
    const dialog = await open(user);
    await user.upload(fileInput(dialog), [
      mediaFile('holiday.webp', 'webp'),
      mediaFile('huge.png', 'png', 8_000_001),
      mediaFile('huge2.jpg', 'jpeg', 9_200_000),
      mediaFile('invoice.png', 'pdf'),
      mediaFile('notes.png', 'text'),
      mediaFile('empty.pdf', 'pdf', 0),
    ]);
    const status = async (name: string) => {
      const row = (await within(dialog).findByText(name)).closest('li')!;
      await waitFor(() => expect(row).not.toHaveAttribute('data-state', 'checking'));
      return row;
    };
    expect(await status('holiday.webp')).toHaveTextContent('holiday.webp is WebP; images can be PNG, JPEG, or GIF.');
    expect(await status('huge.png')).toHaveTextContent('huge.png is 8,000,001 B; images can be at most 8,000,000 B.');
    expect(await status('huge2.jpg')).toHaveTextContent('huge2.jpg is 9.2 MB; images can be at most 8 MB.');
    expect(await status('invoice.png')).toHaveTextContent('invoice.png claims to be .png, but its contents are PDF (document).');
    expect(await status('notes.png')).toHaveTextContent("notes.png: this file’s format isn’t recognized.");
    expect(await status('empty.pdf')).toHaveTextContent('empty.pdf is empty.');
    for (const row of dialog.querySelectorAll('li')) expect(row).toHaveAttribute('data-state', 'rejected');
    expect(within(dialog).getByRole('button', { name: 'Send 0 files' })).toHaveAttribute('aria-disabled', 'true');
    expect(m.calls).toHaveLength(0);
  });

  it('allows up to 10 images per message and says how many to remove beyond that', async () => {
    const { user } = setup();
    const dialog = await open(user);
    await user.upload(fileInput(dialog), Array.from({ length: 11 }, (_, i) => mediaFile(`p${i}.png`, 'png')));
    expect(await within(dialog).findByText('One message can carry at most 10 images; you chose 11. Remove 1.')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Send 11 files' })).toHaveAttribute('aria-disabled', 'true');
    await user.click(within(dialog).getByRole('button', { name: 'Remove p10.png' }));
    await waitFor(() => expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument());
    expect(within(dialog).getByRole('button', { name: 'Send 10 files' })).toHaveAttribute('aria-disabled', 'false');
  });

  it('refuses to mix kinds in one message', async () => {
    const { user } = setup();
    const dialog = await open(user);
    await user.upload(fileInput(dialog), [mediaFile('a.png', 'png'), mediaFile('b.pdf', 'pdf')]);
    expect(await within(dialog).findByText('One message can’t mix images and documents; send them separately.')).toBeInTheDocument();
  });

  it('takes files by drop and by paste', async () => {
    const { user } = setup();
    const dialog = await open(user);
    fireEvent.drop(dialog.querySelector('.kit-picker__drop')!, { dataTransfer: { files: [mediaFile('dropped.jpg', 'jpeg')] } });
    fireEvent.paste(dialog, { clipboardData: { files: [mediaFile('pasted.png', 'png', 4096, 'image/png')] } });
    await waitFor(() => expect(dialog.querySelectorAll('li[data-state=accepted]')).toHaveLength(2));
    expect(within(dialog).getByText('dropped.jpg')).toBeInTheDocument();
    expect(within(dialog).getByText('pasted.png')).toBeInTheDocument();
  });

  it('uploads with progress, cancels, retries the same file without re-picking, then sends one message', async () => {
    const m = manualUpload();
    const { user, proxy } = setup(OPEN_CID, m.upload);
    const dialog = await open(user);
    await user.upload(fileInput(dialog), [mediaFile('a.png', 'png'), mediaFile('b.jpg', 'jpeg')]);
    const send = await within(dialog).findByRole('button', { name: 'Send 2 files' });
    await waitFor(() => expect(send).toHaveAttribute('aria-disabled', 'false'));
    await user.click(send);
    expect(m.calls).toHaveLength(2);
    act(() => m.calls[0]!.opts.onProgress?.(512, 2048));
    expect(within(dialog).getByRole('progressbar', { name: 'Upload of a.png' })).toHaveAttribute('value', '512');
    expect(within(dialog).getByText('Uploading 25%')).toBeInTheDocument();
    // Cancel b.jpg, finish a.png: the message waits for the missing file.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel upload of b.jpg' }));
    await act(async () => m.calls[0]!.resolve({ attachmentId: 'att-a' }));
    expect(await within(dialog).findByText('Some uploads did not finish. Retry or remove them to send.')).toBeInTheDocument();
    expect(within(dialog).getByText('Upload canceled')).toBeInTheDocument();
    // Retry uploads the same File object again.
    await user.click(within(dialog).getByRole('button', { name: 'Retry upload of b.jpg' }));
    expect(m.calls).toHaveLength(3);
    expect(m.calls[2]!.file).toBe(m.calls[1]!.file);
    await act(async () => m.calls[2]!.resolve({ attachmentId: 'att-b' }));
    await user.click(within(dialog).getByRole('button', { name: 'Send 2 files' }));
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
    expect(m.calls).toHaveLength(3); // a.png was not uploaded twice
    expect(proxy.sends[0]!.attachments).toEqual([
      { type: 'image', attachmentId: 'att-a' },
      { type: 'image', attachmentId: 'att-b' },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shows a failed upload and retries it', async () => {
    const m = manualUpload();
    const { user, proxy } = setup(HUMAN_CID, m.upload, { tag: 'HUMAN_AGENT' });
    const dialog = await open(user);
    await user.upload(fileInput(dialog), [mediaFile('doc.pdf', 'pdf')]);
    const send = await within(dialog).findByRole('button', { name: 'Send 1 file' });
    await waitFor(() => expect(send).toHaveAttribute('aria-disabled', 'false'));
    await user.click(send);
    await act(async () => m.calls[0]!.reject(new Error('The proxy is unreachable')));
    expect(await within(dialog).findByText('Upload failed: The proxy is unreachable')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Retry upload of doc.pdf' }));
    await act(async () => m.calls[1]!.resolve({ url: 'https://proxy.example/media/doc.pdf' }));
    await user.click(within(dialog).getByRole('button', { name: 'Send 1 file' }));
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
    expect(proxy.sends[0]).toMatchObject({ attachment: { type: 'file', url: 'https://proxy.example/media/doc.pdf' }, tag: 'HUMAN_AGENT' });
  });

  it('speaks Italian', async () => {
    const user = userEvent.setup();
    renderWithKit(<MediaPicker conversationId={OPEN_CID} upload={vi.fn()} />, { locale: 'it' });
    await user.click(screen.getByRole('button', { name: 'Aggiungi foto, video, audio o PDF' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invia file multimediali' });
    await user.upload(fileInput(dialog), [mediaFile('grande.jpg', 'jpeg', 9_200_000)]);
    expect(await within(dialog).findByText('grande.jpg pesa 9,2 MB; per immagini il massimo è 8 MB.')).toBeInTheDocument();
  });

  it('takes the host’s overrides of its strings from <KitProvider messages>, though they ship with the dialog', async () => {
    const user = userEvent.setup();
    renderWithKit(<MediaPicker conversationId={OPEN_CID} upload={vi.fn()} />, { messages: { 'picker.title': 'Attach to reply', 'picker.browse': 'pick files' } });
    await user.click(screen.getByRole('button', { name: 'Add photos, video, audio or PDF' }));
    const dialog = await screen.findByRole('dialog', { name: 'Attach to reply' });
    expect(within(dialog).getByRole('button', { name: 'pick files' })).toBeInTheDocument();
  });
});
