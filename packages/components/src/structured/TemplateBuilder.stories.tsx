import type { Meta, StoryObj } from '@storybook/react-vite';
import { withStoryKit } from '../test/StoryKit';
import { TemplateBuilder } from './TemplateBuilder';

const meta: Meta<typeof TemplateBuilder> = {
  title: 'Structured/TemplateBuilder',
  component: TemplateBuilder,
  parameters: {
    docs: {
      description: {
        component:
          'A button template (text + up to 3 buttons) or a generic template (up to 10 cards, a carousel) as a form, checked live with @kit/core’s checkTemplate — the proxy’s own check — with each problem beside its field, and a preview drawn as Instagram’s phone apps draw it.',
      },
    },
  },
  args: { onSend: () => undefined },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof TemplateBuilder>;

export const ButtonTemplate: Story = {
  name: 'Button template',
  args: {
    initial: {
      type: 'button',
      text: 'Your order #4411 has shipped. What would you like to do?',
      buttons: [
        { type: 'postback', title: 'Change address', payload: 'CHANGE_ADDRESS' },
        { type: 'web_url', title: 'Track parcel', url: 'https://shop.example.com/track/4411' },
      ],
    },
  },
};
export const Carousel: Story = {
  name: 'Generic template (carousel)',
  args: {
    initial: {
      type: 'generic',
      elements: [
        { title: 'Linen shirt', subtitle: '€ 59 · white, sky, sand', imageUrl: 'https://picsum.photos/seed/shirt/382/200', buttons: [{ type: 'postback', title: 'I want this', payload: 'SHIRT' }] },
        { title: 'Canvas tote', subtitle: '€ 25', imageUrl: 'https://picsum.photos/seed/tote/382/200', buttons: [{ type: 'web_url', title: 'See in shop', url: 'https://shop.example.com/tote' }] },
      ],
    },
  },
};
export const Problems: Story = {
  name: 'Problems shown live',
  args: {
    initial: {
      type: 'button',
      text: 'Pick one',
      buttons: [
        { type: 'postback', title: 'A title that is far too long for a button', payload: 'A' },
        { type: 'web_url', title: 'Shop', url: 'http://shop.example.com' },
      ],
    },
  },
};
export const Empty: Story = {};
export const Italian: Story = { parameters: { kit: { locale: 'it' } } };
export const German: Story = { args: { initial: { type: 'generic', elements: [{ title: 'Leinenhemd', subtitle: '59 €' }] } }, parameters: { kit: { locale: 'de' } } };
