import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { ConversationList } from './ConversationList';
import { CONVERSATIONS } from './test/fixtures';
import { StoryProvider } from './test/storyProvider';
import type { StoryProviderProps } from './test/storyProvider';

const meta: Meta<typeof ConversationList> = {
  title: 'ConversationList',
  component: ConversationList,
  args: { now: Date.UTC(2026, 10, 21, 18, 30), onSelect: fn(), selectedId: CONVERSATIONS[0]!.id },
  parameters: { layout: 'centered' },
  decorators: [
    (Story, ctx) => (
      <StoryProvider theme={ctx.globals.theme} height="auto" {...(ctx.parameters.kit as StoryProviderProps)}>
        <Story />
      </StoryProvider>
    ),
  ],
};
export default meta;
type Story = StoryObj<typeof ConversationList>;

export const Default: Story = {};
export const Loading: Story = { parameters: { kit: { conversations: 'never' } } };
export const Empty: Story = { parameters: { kit: { conversations: [] } } };
export const Error: Story = { parameters: { kit: { conversations: new globalThis.Error('The kit proxy answered 401: session expired') } } };
export const Dark: Story = { globals: { theme: 'dark' } };
export const Italian: Story = { parameters: { kit: { locale: 'it' } } };
export const German: Story = { parameters: { kit: { locale: 'de' } } };
export const Narrow320: Story = { name: 'Narrow (320 px)', parameters: { kit: { width: 320 } } };
