import type { Meta, StoryObj } from '@storybook/react-vite';
import { CONVERSATIONS } from '../test/fixtures';
import { mediaFile } from '../test/mediaFiles';
import { simulatedUpload, StoryKit } from '../test/StoryKit';
import { MediaPicker } from './MediaPicker';

const OPEN = CONVERSATIONS[0]!.id;

const meta: Meta<typeof MediaPicker> = {
  title: 'Composer/MediaPicker',
  component: MediaPicker,
  args: { conversationId: OPEN, defaultOpen: true, upload: simulatedUpload() },
  parameters: { kit: {} },
  decorators: [
    (Story, ctx) => (
      <StoryKit theme={ctx.globals.theme} {...(ctx.parameters.kit as object)}>
        <Story />
      </StoryKit>
    ),
  ],
};
export default meta;
type Story = StoryObj<typeof MediaPicker>;

export const Closed: Story = { args: { defaultOpen: false } };
export const OpenEmpty: Story = { name: 'Open, no files yet' };
export const ReadyImages: Story = { args: { defaultFiles: [mediaFile('front.png', 'png', 120_000), mediaFile('back.jpg', 'jpeg', 340_000)] } };
export const ReadyPdf: Story = { args: { defaultFiles: [mediaFile('invoice.pdf', 'pdf', 183_204)] } };
export const RejectFormat: Story = { name: 'Rejected: format (WebP)', args: { defaultFiles: [mediaFile('holiday.webp', 'webp')] } };
export const RejectTooLarge: Story = { name: 'Rejected: too large (9.2 MB JPEG)', args: { defaultFiles: [mediaFile('huge.jpg', 'jpeg', 9_200_000)] } };
export const RejectMismatch: Story = { name: 'Rejected: type mismatch (PDF named .png)', args: { defaultFiles: [mediaFile('invoice.png', 'pdf')] } };
export const RejectUnknown: Story = { name: 'Rejected: unknown format', args: { defaultFiles: [mediaFile('notes.png', 'text')] } };
export const RejectEmpty: Story = { name: 'Rejected: empty file', args: { defaultFiles: [mediaFile('empty.pdf', 'pdf', 0)] } };
export const RejectTooMany: Story = {
  name: 'Rejected: 11 images',
  args: { defaultFiles: Array.from({ length: 11 }, (_, i) => mediaFile(`photo-${i + 1}.png`, 'png', 50_000)) },
};
export const RejectTwoVideos: Story = { name: 'Rejected: two videos', args: { defaultFiles: [mediaFile('a.mp4', 'mp4'), mediaFile('b.mp4', 'mp4')] } };
export const RejectMixed: Story = { name: 'Rejected: image and PDF mixed', args: { defaultFiles: [mediaFile('a.png', 'png'), mediaFile('b.pdf', 'pdf')] } };
export const UploadFails: Story = { name: 'Upload fails (retry)', args: { upload: simulatedUpload({ fail: true }), defaultFiles: [mediaFile('doc.pdf', 'pdf', 400_000)] } };
export const German: Story = { parameters: { kit: { locale: 'de' } }, args: { defaultFiles: [mediaFile('huge.jpg', 'jpeg', 9_200_000)] } };
