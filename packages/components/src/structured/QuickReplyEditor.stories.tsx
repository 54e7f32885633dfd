import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { KitQuickReply } from '@kit/core';
import { withStoryKit } from '../test/StoryKit';
import { QuickReplyEditor } from './QuickReplyEditor';

const text = (title: string): KitQuickReply => ({ contentType: 'text', title, payload: title.toUpperCase() });

function Editor({ initial }: { initial: KitQuickReply[] }) {
  const [value, setValue] = useState(initial);
  return <QuickReplyEditor value={value} onChange={setValue} />;
}

const meta: Meta<typeof Editor> = {
  title: 'Structured/QuickReplyEditor',
  component: Editor,
  parameters: {
    docs: {
      description: {
        component:
          'The chips under a text message: count of chips (13 at most) and characters of the one being typed (20 at most) live, like the byte counter. Enter adds; on a chip ← → move and Delete removes. Opened from the composer’s “Quick replies and cards” control.',
      },
    },
  },
  args: { initial: [] },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof Editor>;

export const Empty: Story = {};
export const SomeChips: Story = { name: 'Some chips, phone and email', args: { initial: [text('Yes'), text('No'), text('Talk to a person'), { contentType: 'user_phone_number' }, { contentType: 'user_email' }] } };
export const Full: Story = { name: '13 chips (full)', args: { initial: Array.from({ length: 13 }, (_, i) => text(`Option ${i + 1}`)) } };
export const Italian: Story = { args: { initial: [text('Sì'), text('No')] }, parameters: { kit: { locale: 'it' } } };
export const German: Story = { args: { initial: [text('Ja')] }, parameters: { kit: { locale: 'de' } } };
