import type { Meta, StoryObj } from '@storybook/react-vite';
import type { KitMessage } from '@kit/core';
import { ThreadView } from './ThreadView';
import { ACCOUNT, CID, CUSTOMER, everyKind, message, systemRowsAndChips, templatesAndSharedStory, thread } from './test/fixtures';
import { StoryProvider } from './test/storyProvider';
import { privateReplyMessage, WAITING } from './test/commentsFixtures';
import type { StoryProviderProps } from './test/storyProvider';

const NOW = Date.UTC(2026, 10, 21, 20);

/** Failed and uncertain sends as the store holds them after the proxy answered. */
const sends: KitMessage[] = [
  ...thread(6),
  message({ id: 'local:f1', clientId: 'f1', direction: 'outbound', from: { id: ACCOUNT }, to: { id: CUSTOMER }, text: 'Here is your discount code: AUTUMN26', status: 'failed', statusReason: { code: 'window_closed', message: 'The 24-hour messaging window is closed. Only a human agent can reply now.', category: 'window' }, createdAt: Date.UTC(2026, 10, 21, 18, 5) }),
  message({ id: 'local:u1', clientId: 'u1', direction: 'outbound', from: { id: ACCOUNT }, to: { id: CUSTOMER }, text: 'Your order has shipped 📦', status: 'uncertain', createdAt: Date.UTC(2026, 10, 21, 18, 6) }),
  message({ id: 'local:s1', clientId: 's1', direction: 'outbound', from: { id: ACCOUNT }, to: { id: CUSTOMER }, text: 'One moment, checking…', status: 'sending', createdAt: Date.UTC(2026, 10, 21, 18, 7) }),
];

const meta: Meta<typeof ThreadView> = {
  title: 'ThreadView',
  component: ThreadView,
  args: { conversationId: CID, now: NOW },
  parameters: { layout: 'centered' },
  decorators: [
    (Story, ctx) => (
      <StoryProvider theme={ctx.globals.theme} {...(ctx.parameters.kit as StoryProviderProps)}>
        <Story />
      </StoryProvider>
    ),
  ],
};
export default meta;
type Story = StoryObj<typeof ThreadView>;

export const Empty: Story = { parameters: { kit: { threads: { [CID]: [] } } } };
export const Loading: Story = { parameters: { kit: { threadNever: true } } };
export const Error: Story = { parameters: { kit: { threadError: new globalThis.Error('The kit proxy answered 502 Bad Gateway') } } };
export const TenMessages: Story = { name: '10 messages', parameters: { kit: { threads: { [CID]: thread(10) } } } };
export const OlderPagesLoadOnScroll: Story = { name: '500 messages, paged (scroll up)', parameters: { kit: { threads: { [CID]: thread(500) } } } };
export const HundredThousandMessages: Story = { name: '100,000 messages', parameters: { kit: { threads: { [CID]: thread(100_000) }, seed: true } } };
export const EveryAttachmentKind: Story = { parameters: { kit: { threads: { [CID]: everyKind() }, seed: true, height: 720 } } };
export const TemplatesAndSharedStory: Story = { name: 'Sent cards and a shared story', parameters: { kit: { threads: { [CID]: templatesAndSharedStory() }, seed: true } } };
export const TapsReferralsAndQuickReplies: Story = { name: 'Taps, referrals and quick replies', parameters: { kit: { threads: { [CID]: systemRowsAndChips() }, seed: true } } };
export const FailedAndUncertainSends: Story = { parameters: { kit: { threads: { [CID]: sends }, seed: true } } };
export const Dark: Story = { globals: { theme: 'dark' }, parameters: { kit: { threads: { [CID]: everyKind() }, seed: true } } };
export const Italian: Story = { parameters: { kit: { threads: { [CID]: sends }, seed: true, locale: 'it' } } };
export const German: Story = { parameters: { kit: { threads: { [CID]: sends }, seed: true, locale: 'de' } } };
export const Narrow320: Story = { name: 'Narrow (320 px)', parameters: { kit: { threads: { [CID]: everyKind() }, seed: true, width: 320 } } };

/** A private reply to a comment, then the customer's answer: the reply carries the comment and its post. */
const privateReplyThread: KitMessage[] = [
  privateReplyMessage({ createdAt: Date.UTC(2026, 10, 21, 18, 26) }),
  message({ id: 'pr-answer', text: 'Great, I’ll take it! Can you hold it until Friday?', createdAt: Date.UTC(2026, 10, 21, 18, 28) }),
];
export const PrivateReplyToAComment: Story = { name: 'Private reply to a comment', parameters: { kit: { threads: { [CID]: privateReplyThread }, seed: true } } };
export const PrivateReplyWithoutThePost: Story = {
  name: 'Private reply to a comment (post not known)',
  parameters: { kit: { threads: { [CID]: [privateReplyMessage({ replyTo: { comment: { id: WAITING.id, text: WAITING.text } } })] }, seed: true } },
};
export const PrivateReplyItalian: Story = { name: 'Private reply to a comment, Italian', parameters: { kit: { threads: { [CID]: privateReplyThread }, seed: true, locale: 'it' } } };
