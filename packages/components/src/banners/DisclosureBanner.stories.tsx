import type { Meta, StoryObj } from '@storybook/react-vite';
import { DAY_MS, HOUR_MS } from '@kit/core';
import { bannerKit, BANNER_CID } from '../test/bannerStories';
import { message } from '../test/fixtures';
import { STORY_NOW, withStoryKit } from '../test/StoryKit';
import { DisclosureBanner } from './DisclosureBanner';

const meta: Meta<typeof DisclosureBanner> = {
  title: 'Banners/DisclosureBanner',
  component: DisclosureBanner,
  tags: ['autodocs'],
  args: { conversationId: BANNER_CID, now: STORY_NOW },
  parameters: {
    docs: {
      description: {
        component:
          'Whether automation answers this conversation, when the customer was last told they are talking to an automated experience, and whether the next automated message must tell them again (start, long lapse, hand-over from a person). The notice is shown in the **customer’s** language: the one recorded for the conversation, else the profile locale, else read from the customer’s messages. The "Notice due" badge appears only while automation answers. Lets the agent take over or hand back.',
      },
    },
  },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof DisclosureBanner>;

export const DueStart: Story = {
  name: 'Due: first automated message (German customer)',
  parameters: { kit: bannerKit({ disclosure: { automated: true, locale: 'de' } }) },
};
export const DueLapse: Story = {
  name: 'Due: long lapse',
  parameters: {
    kit: bannerKit({
      lastMessageAt: STORY_NOW - 3 * DAY_MS,
      disclosure: { automated: true, lastDisclosedAt: STORY_NOW - 3 * DAY_MS, locale: 'it' },
    }),
  },
};
export const HumanHandled: Story = {
  name: 'A person handles it (no badge; hand-back rule in the details)',
  parameters: {
    kit: bannerKit({
      disclosure: { automated: false, lastDisclosedAt: STORY_NOW - 2 * HOUR_MS, lastSenderWasHuman: true },
    }),
  },
};
export const NotDue: Story = {
  parameters: { kit: bannerKit({ disclosure: { automated: true, lastDisclosedAt: STORY_NOW - 2 * HOUR_MS } }) },
};
export const LanguageFromMessages: Story = {
  name: 'Language read from the customer’s messages (Italian)',
  parameters: {
    kit: {
      ...bannerKit({ disclosure: { automated: true } }),
      threads: {
        [BANNER_CID]: [
          message({ id: 'i1', conversationId: BANNER_CID, text: 'Ciao! Avete ancora la borsa nera? Grazie mille' }),
        ],
      },
    },
  },
};
export const Compact: Story = {
  args: { compact: true },
  parameters: { kit: bannerKit({ disclosure: { automated: true, locale: 'de' } }) },
};
export const GermanAgent: Story = {
  parameters: { kit: bannerKit({ disclosure: { automated: true, locale: 'de' } }, 'de') },
};
