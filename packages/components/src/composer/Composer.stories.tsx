import type { Meta, StoryObj } from '@storybook/react-vite';
import { CONVERSATIONS } from '../test/fixtures';
import { STORY_NOW, StoryKit } from '../test/StoryKit';
import { Composer } from './Composer';

const [OPEN, HUMAN, CLOSED] = CONVERSATIONS.map((c) => c.id) as [string, string, string];

/** Text of exactly `count` UTF-8 bytes, mostly 4-byte emoji. */
const bytes = (count: number) => '😀'.repeat(Math.floor(count / 4)) + 'a'.repeat(count % 4);

const meta: Meta<typeof Composer> = {
  title: 'Composer/Composer',
  component: Composer,
  args: { conversationId: OPEN, now: STORY_NOW, media: true },
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
type Story = StoryObj<typeof Composer>;

export const Empty: Story = {};
export const Bytes999Emoji: Story = { name: '999 bytes (emoji)', parameters: { kit: { drafts: { [OPEN]: bytes(999) } } } };
export const Bytes1000Emoji: Story = { name: '1000 bytes (emoji, at the limit)', parameters: { kit: { drafts: { [OPEN]: bytes(1000) } } } };
export const Bytes1001Emoji: Story = { name: '1001 bytes (emoji, over: split offer)', parameters: { kit: { drafts: { [OPEN]: bytes(1001) } } } };
export const LongTextSplit: Story = {
  name: 'Long text, split into parts',
  parameters: { kit: { drafts: { [OPEN]: 'Thanks for waiting! Here is everything about your order. '.repeat(40) } } },
};
export const InvalidLink: Story = { parameters: { kit: { drafts: { [OPEN]: 'Track it at http://localhost:3000/track or ftp://files.example.com' } } } };
export const HumanAgentWindow: Story = { name: 'After 24 h (HUMAN_AGENT confirmation)', args: { conversationId: HUMAN } };
export const HumanAgentUnavailable: Story = { name: 'After 24 h, app without Human Agent', args: { conversationId: HUMAN, humanAgentEnabled: false } };
export const Closed: Story = { name: 'Window closed', args: { conversationId: CLOSED } };
export const Italian: Story = { parameters: { kit: { locale: 'it', drafts: { [OPEN]: bytes(950) } } } };
export const German: Story = { parameters: { kit: { locale: 'de' } }, args: { conversationId: HUMAN } };
