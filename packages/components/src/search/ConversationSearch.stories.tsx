import type { Meta, StoryObj } from '@storybook/react-vite';
import { ConversationList } from '../ConversationList';
import { CID, thread } from '../test/fixtures';
import { STORY_NOW, StoryKit } from '../test/StoryKit';
import ConversationSearch from './ConversationSearch';

/**
 * The search box and filter chips of the inbox's list column, and the results that take the
 * list's place (the list is the next sibling, hidden by the stylesheet while results show): a
 * matching message shows its text around the match, the match marked.
 */
const meta: Meta<typeof ConversationSearch> = {
  title: 'Inbox/ConversationSearch',
  component: ConversationSearch,
  args: { now: STORY_NOW, onOpen: () => {} },
  parameters: { kit: { threads: { [CID]: thread(30) } } },
  decorators: [
    (Story, ctx) => (
      <StoryKit theme={ctx.globals.theme} {...(ctx.parameters.kit as object)}>
        <div className="kit-inbox" style={{ width: 320, height: 520 }}>
          <nav className="kit-inbox__list" aria-label="Inbox" style={{ height: '100%' }}>
            <Story />
            <ConversationList now={STORY_NOW} />
          </nav>
        </div>
      </StoryKit>
    ),
  ],
};
export default meta;
type Story = StoryObj<typeof ConversationSearch>;

/** Nothing typed, no filter: the conversation list as usual, under the box. */
export const Idle: Story = {};
/** A word from an old message: the result names that message, the word marked. */
export const MessageMatch: Story = { args: { defaultQuery: 'jacket' } };
/** A person found by name: no message matched, the row says why it is there. */
export const PersonMatch: Story = { args: { defaultQuery: 'lukas' } };
/** Filter chips alone: the conversations the customer wrote last in. */
export const NeedsReplyFilter: Story = { args: { defaultFilters: ['needs_reply'] } };
/** A filter and a query together. */
export const QueryAndWindowFilter: Story = { args: { defaultQuery: 'milan', defaultFilters: ['open'] } };
export const NoMatch: Story = { args: { defaultQuery: 'umbrella' } };
export const Searching: Story = { args: { defaultQuery: 'jacket' }, parameters: { kit: { search: 'never' } } };
export const Failed: Story = { args: { defaultQuery: 'jacket' }, parameters: { kit: { search: new Error('The kit proxy answered 503') } } };
export const Italian: Story = { args: { defaultQuery: 'jacket', defaultFilters: ['unread'] }, parameters: { kit: { locale: 'it', threads: { [CID]: thread(30) } } } };
