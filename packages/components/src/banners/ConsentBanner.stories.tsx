import type { Meta, StoryObj } from '@storybook/react-vite';
import { DAY_MS } from '@kit/core';
import { bannerKit, BANNER_CID } from '../test/bannerStories';
import { STORY_NOW, withStoryKit } from '../test/StoryKit';
import { ConsentBanner } from './ConsentBanner';

const meta: Meta<typeof ConsentBanner> = {
  title: 'Banners/ConsentBanner',
  component: ConsentBanner,
  tags: ['autodocs'],
  args: { conversationId: BANNER_CID },
  parameters: {
    docs: {
      description: {
        component:
          'What the customer agreed to: nothing recorded, opted in (date and topic: the updates that may be sent), or opted out (no automated messages). An agent can record an opt-out the customer asked for in words; the proxy also records keyword opt-outs ("STOP") by itself.',
      },
    },
  },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof ConsentBanner>;

export const Unknown: Story = { parameters: { kit: bannerKit({}) } };
export const OptedIn: Story = {
  parameters: {
    kit: bannerKit({ consent: { state: 'opted_in', at: STORY_NOW - 20 * DAY_MS, topic: 'Restock alerts' } }),
  },
};
export const OptedOut: Story = {
  parameters: { kit: bannerKit({ consent: { state: 'opted_out', at: STORY_NOW - 2 * DAY_MS } }) },
};
export const Compact: Story = {
  args: { compact: true },
  parameters: { kit: bannerKit({ consent: { state: 'opted_out', at: STORY_NOW - 2 * DAY_MS } }) },
};
export const German: Story = {
  parameters: { kit: bannerKit({ consent: { state: 'opted_out', at: STORY_NOW - 2 * DAY_MS } }, 'de') },
};
