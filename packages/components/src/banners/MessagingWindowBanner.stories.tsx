import type { Meta, StoryObj } from '@storybook/react-vite';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@kit/core';
import { bannerKit, BANNER_CID } from '../test/bannerStories';
import { STORY_NOW, withStoryKit } from '../test/StoryKit';
import { MessagingWindowBanner } from './MessagingWindowBanner';

const meta: Meta<typeof MessagingWindowBanner> = {
  title: 'Banners/MessagingWindowBanner',
  component: MessagingWindowBanner,
  tags: ['autodocs'],
  args: { conversationId: BANNER_CID, now: STORY_NOW },
  parameters: {
    kit: bannerKit({}),
    docs: {
      description: {
        component:
          'Where the conversation stands in Instagram’s messaging window, from the customer’s last message: **open** (24 h, any reply; a countdown once a minute), **human agent** (up to 7 days, a person may reply with the HUMAN_AGENT tag, nothing automated or promotional), **closed** (nothing can be sent until the customer writes). `compact` folds the details under a one-line summary, as `<Inbox>` shows it. State is exposed as `data-state`.',
      },
    },
  },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof MessagingWindowBanner>;

export const Open: Story = { parameters: { kit: bannerKit({ lastInboundAt: STORY_NOW - 35 * MINUTE_MS }) } };
export const ClosingSoon: Story = {
  parameters: { kit: bannerKit({ lastInboundAt: STORY_NOW - 23 * HOUR_MS - 50 * MINUTE_MS }) },
};
export const HumanAgent: Story = {
  name: 'Human agent (days left)',
  parameters: { kit: bannerKit({ lastInboundAt: STORY_NOW - 3 * DAY_MS }) },
};
export const Closed: Story = { parameters: { kit: bannerKit({ lastInboundAt: STORY_NOW - 9 * DAY_MS }) } };
export const NeverOpened: Story = { name: 'Customer never wrote', parameters: { kit: bannerKit({}) } };
export const Compact: Story = {
  args: { compact: true },
  parameters: { kit: bannerKit({ lastInboundAt: STORY_NOW - 3 * DAY_MS }) },
};
export const Italian: Story = { parameters: { kit: bannerKit({ lastInboundAt: STORY_NOW - 3 * DAY_MS }, 'it') } };
