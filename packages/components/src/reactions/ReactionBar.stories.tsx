import type { Meta, StoryObj } from '@storybook/react-vite';
import { CID, CONVERSATIONS, message } from '../test/fixtures';

const HUMAN_CONVERSATION = CONVERSATIONS[1]!;
import { STORY_NOW, StoryKit } from '../test/StoryKit';
import { ReactionBar } from './ReactionBar';

const msg = (reactions: Parameters<typeof message>[0]['reactions'] = []) => ({ [CID]: [message({ id: 'm1', text: 'Do you ship to Milan?', reactions })] });

const meta: Meta<typeof ReactionBar> = {
  title: 'Thread/ReactionBar',
  component: ReactionBar,
  args: { conversationId: CID, messageId: 'm1', flavor: 'page', now: STORY_NOW },
  parameters: { kit: { threads: msg() } },
  decorators: [
    (Story, ctx) => (
      <StoryKit theme={ctx.globals.theme} {...(ctx.parameters.kit as object)}>
        <Story />
      </StoryKit>
    ),
  ],
};
export default meta;
type Story = StoryObj<typeof ReactionBar>;

export const PageAccount: Story = { name: 'Page account (❤️ only)' };
export const Loved: Story = { parameters: { kit: { threads: msg([{ by: 'business', reaction: 'love' }]) } } };
export const InstagramAccount: Story = { name: 'Instagram-Login account (more emoji)', args: { flavor: 'instagram' } };
export const CustomerReacted: Story = {
  name: 'Customer reacted 👍, business ❤️',
  parameters: { kit: { threads: msg([{ by: 'customer', reaction: 'like', emoji: '👍' }, { by: 'business', reaction: 'love' }]) } },
};
export const OutsideWindow: Story = {
  name: 'Human-agent window (disabled, reason as tooltip)',
  args: { conversationId: HUMAN_CONVERSATION.id, flavor: 'instagram' },
  parameters: { kit: { threads: { [HUMAN_CONVERSATION.id]: [message({ id: 'm1', text: 'Still there?' })] } } },
};
export const Failing: Story = { name: 'Proxy refuses (click to see rollback)', parameters: { kit: { threads: msg(), failing: true } } };
