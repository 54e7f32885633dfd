import type { Meta, StoryObj } from '@storybook/react-vite';
import { SAVED_REPLIES } from '../test/fixtures';
import { withStoryKit } from '../test/StoryKit';
import { SavedRepliesSettings } from './SavedRepliesSettings';

const meta: Meta<typeof SavedRepliesSettings> = {
  title: 'Settings/SavedRepliesSettings',
  component: SavedRepliesSettings,
  tags: ['autodocs'],
  parameters: {
    kit: { savedReplies: SAVED_REPLIES },
    docs: {
      description: {
        component:
          'The panel where agents manage the account’s saved replies (list, add, edit, delete), inside the inbox’s <KitProvider>. Templates are checked with @kit/core’s rule before they go to the proxy: an unknown {variable} or a shortcut already taken is shown beside the form. Never loaded by <Inbox>: load it lazily where you show it.',
      },
    },
  },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof SavedRepliesSettings>;

export const List: Story = {};
export const Empty: Story = { parameters: { kit: { savedReplies: [] } } };
export const LoadFailed: Story = { name: 'Could not load', parameters: { kit: { savedReplies: 'failing' } } };
export const German: Story = { parameters: { kit: { locale: 'de', savedReplies: SAVED_REPLIES } } };
