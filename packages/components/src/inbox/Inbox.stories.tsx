import type { Meta, StoryObj } from '@storybook/react-vite';
import { META_INBOX_APP_IDS } from '@kit/core';
import { CID, CONVERSATIONS, thread } from '../test/fixtures';
import { simulatedUpload, STORY_NOW, StoryKit } from '../test/StoryKit';
import { Inbox } from './Inbox';

const meta: Meta<typeof Inbox> = {
  title: 'Inbox',
  component: Inbox,
  args: { now: STORY_NOW, flavor: 'instagram', upload: simulatedUpload() },
  parameters: { layout: 'fullscreen', kit: { threads: { [CID]: thread(30) } } },
  decorators: [
    (Story, ctx) => (
      <StoryKit theme={ctx.globals.theme} {...(ctx.parameters.kit as object)}>
        <div style={{ height: 640 }}>
          <Story />
        </div>
      </StoryKit>
    ),
  ],
};
export default meta;
type Story = StoryObj<typeof Inbox>;

export const NothingSelected: Story = {};
export const ConversationOpen: Story = { args: { defaultSelectedId: CONVERSATIONS[0]!.id } };
export const HumanAgentConversation: Story = { args: { defaultSelectedId: CONVERSATIONS[1]!.id } };
/** Conversation Routing: Meta Business Suite holds the open thread — the banner offers Take control, the composer is off. */
export const HeldByMetaInbox: Story = {
  name: 'Meta Business Suite holds the thread',
  args: { defaultSelectedId: CONVERSATIONS[0]!.id },
  parameters: {
    kit: {
      threads: { [CID]: thread(30) },
      conversations: CONVERSATIONS.map((c, i) => (i === 0 ? { ...c, routing: { holder: 'inbox' as const, holderAppId: META_INBOX_APP_IDS[0]!, since: STORY_NOW } } : c)),
    },
  },
};
export const Narrow320: Story = {
  name: 'Narrow (320 px)',
  args: { defaultSelectedId: CONVERSATIONS[0]!.id },
  decorators: [
    (Story) => (
      <div style={{ width: 320 }}>
        <Story />
      </div>
    ),
  ],
};
