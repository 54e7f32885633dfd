import type { Meta, StoryObj } from '@storybook/react-vite';
import { HOUR_MS } from '@kit/core';
import { bannerKit } from '../test/bannerStories';
import { STORY_NOW, withStoryKit } from '../test/StoryKit';
import { PausedBanner } from './PausedBanner';

const meta: Meta<typeof PausedBanner> = {
  title: 'Banners/PausedBanner',
  component: PausedBanner,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'An operator paused the account’s sending with the proxy’s pause switch (POST /accounts/:id/pause), typically while Meta’s side is failing sends. The banner shows their message; agents keep writing — sends wait queued and go out in order on resume. Nothing is rendered while sending runs normally.',
      },
    },
  },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof PausedBanner>;

const pause = { message: 'Instagram is failing every send right now; we resume as soon as Meta fixes it.', since: STORY_NOW - 2 * HOUR_MS };

export const Paused: Story = { parameters: { kit: { ...bannerKit({}), paused: pause } } };
export const Compact: Story = { args: { compact: true }, parameters: { kit: { ...bannerKit({}), paused: pause } } };
export const Italian: Story = { parameters: { kit: { ...bannerKit({}, 'it'), paused: { ...pause, message: 'Instagram non invia i messaggi; riprendiamo appena Meta risolve.' } } } };
export const NotPaused: Story = { name: 'Not paused (renders nothing)', parameters: { kit: { ...bannerKit({}), paused: null } } };
