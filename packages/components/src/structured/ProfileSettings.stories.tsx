import type { Meta, StoryObj } from '@storybook/react-vite';
import { withStoryKit } from '../test/StoryKit';
import { ProfileSettings } from './ProfileSettings';

const meta: Meta<typeof ProfileSettings> = {
  title: 'Structured/ProfileSettings',
  component: ProfileSettings,
  parameters: {
    docs: {
      description: {
        component:
          'The account’s ice breakers (up to 4 questions a customer can tap before writing) and persistent menu, read and saved through GET/POST /accounts/:id/profile, checked live with @kit/core. For a settings page; never loaded by <Inbox>.',
      },
    },
    kit: {
      profile: {
        iceBreakers: [
          { question: 'Where is my order?', payload: 'ORDER' },
          { question: 'Do you ship to Italy?', payload: 'SHIPPING' },
        ],
        persistentMenu: [
          { type: 'postback', title: 'Talk to a person', payload: 'HUMAN' },
          { type: 'web_url', title: 'Our shop', url: 'https://shop.example.com' },
        ],
        otherLocales: ['es_ES'],
      },
    },
  },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof ProfileSettings>;

export const Set: Story = { name: 'Ice breakers and menu set' };
export const Nothing: Story = { name: 'Nothing set yet', parameters: { kit: { profile: { iceBreakers: [], persistentMenu: [], otherLocales: [] } } } };
export const LoadFailed: Story = { name: 'Could not load', parameters: { kit: { profile: 'error' } } };
export const Italian: Story = { parameters: { kit: { locale: 'it' } } };
export const German: Story = { parameters: { kit: { locale: 'de' } } };
