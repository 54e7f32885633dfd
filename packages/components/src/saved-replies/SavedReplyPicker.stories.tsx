import type { Meta, StoryObj } from '@storybook/react-vite';
import { Composer } from '../composer/Composer';
import { CONVERSATIONS, SAVED_REPLIES } from '../test/fixtures';
import { STORY_NOW, StoryKit } from '../test/StoryKit';

const OPEN = CONVERSATIONS[0]!.id;

const meta: Meta<typeof Composer> = {
  title: 'Composer/Saved reply picker',
  component: Composer,
  args: { conversationId: OPEN, now: STORY_NOW },
  parameters: {
    kit: { savedReplies: SAVED_REPLIES },
    docs: {
      description: {
        component:
          'Typing `/` at the start of the composer lists the account’s saved replies, filtered by what follows; arrows choose, Enter or Tab inserts the reply with `{first_name}`, `{full_name}` and `{username}` filled from the customer’s profile, Escape closes. Loaded on first `/`.',
      },
    },
  },
  decorators: [
    (Story, ctx) => (
      <StoryKit theme={ctx.globals.theme} {...(ctx.parameters.kit as object)}>
        <div style={{ paddingTop: 220 }}>
          <Story />
        </div>
      </StoryKit>
    ),
  ],
};
export default meta;
type Story = StoryObj<typeof Composer>;

export const Open: Story = {
  name: 'Open after /',
  parameters: { kit: { savedReplies: SAVED_REPLIES, drafts: { [OPEN]: '/' } } },
};
export const Filtered: Story = {
  name: 'Filtered by /th',
  parameters: { kit: { savedReplies: SAVED_REPLIES, drafts: { [OPEN]: '/th' } } },
};
export const NoMatch: Story = {
  name: 'No match',
  parameters: { kit: { savedReplies: SAVED_REPLIES, drafts: { [OPEN]: '/refund' } } },
};
export const NoneSaved: Story = {
  name: 'No saved replies yet',
  parameters: { kit: { savedReplies: [], drafts: { [OPEN]: '/' } } },
};
export const LoadFailed: Story = {
  name: 'Could not load',
  parameters: { kit: { savedReplies: 'failing', drafts: { [OPEN]: '/' } } },
};
export const Italian: Story = {
  parameters: { kit: { locale: 'it', savedReplies: SAVED_REPLIES, drafts: { [OPEN]: '/s' } } },
};
