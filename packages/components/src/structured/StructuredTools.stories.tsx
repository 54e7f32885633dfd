import type { Meta, StoryObj } from '@storybook/react-vite';
import { Composer } from '../composer/Composer';
import { CONVERSATIONS } from '../test/fixtures';
import { STORY_NOW, withStoryKit } from '../test/StoryKit';
import StructuredTools from './StructuredTools';

const [OPEN, HUMAN] = CONVERSATIONS.map((c) => c.id) as [string, string];

/** The composer with its "Quick replies and cards" panel open on a tab (the panel opens upwards). */
function Open({ tab, conversationId }: { tab: 'quick' | 'template'; conversationId: string }) {
  return (
    <div style={{ paddingTop: tab === 'quick' ? 380 : 640 }}>
      <Composer conversationId={conversationId} now={STORY_NOW} renderAttach={(ctx) => <StructuredTools conversationId={conversationId} defaultOpen={tab} {...ctx} />} />
    </div>
  );
}

const meta: Meta<typeof Open> = {
  title: 'Structured/Composer panel',
  component: Open,
  parameters: {
    docs: { description: { component: 'The composer’s “Quick replies and cards” control, open: quick replies go under the composer’s text; a card is built and sent on its own. Loaded on demand.' } },
    kit: { drafts: { [OPEN]: 'Did the parcel arrive?' } },
  },
  args: { tab: 'quick', conversationId: OPEN },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof Open>;

export const QuickReplies: Story = { name: 'Quick replies tab' };
export const Card: Story = { name: 'Card tab', args: { tab: 'template' } };
export const HumanAgentWindow: Story = { name: 'After 24 h (sends wait for the HUMAN_AGENT confirmation)', args: { conversationId: HUMAN } };
