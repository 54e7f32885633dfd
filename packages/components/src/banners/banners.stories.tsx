import type { Meta, StoryObj } from '@storybook/react-vite';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@kit/core';
import type { KitConversation } from '@kit/core';
import { conversation } from '../test/fixtures';
import { STORY_NOW, StoryKit } from '../test/StoryKit';
import { ConsentBanner } from './ConsentBanner';
import { DisclosureBanner } from './DisclosureBanner';
import { MessagingWindowBanner } from './MessagingWindowBanner';

const conv = (extra: Partial<KitConversation>) => conversation({ customerId: '6000000000000001', customer: { name: 'Giulia Rossi' }, lastMessageAt: STORY_NOW - HOUR_MS, ...extra });
const CID = conv({}).id;

function Banners({ kind }: { kind: 'window' | 'disclosure' | 'consent' }) {
  if (kind === 'window') return <MessagingWindowBanner conversationId={CID} now={STORY_NOW} />;
  if (kind === 'disclosure') return <DisclosureBanner conversationId={CID} now={STORY_NOW} />;
  return <ConsentBanner conversationId={CID} />;
}

const meta: Meta<typeof Banners> = {
  title: 'Banners',
  component: Banners,
  args: { kind: 'window' },
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
type Story = StoryObj<typeof Banners>;

const with_ = (c: Partial<KitConversation>, locale = 'en') => ({ kit: { conversations: [conv(c)], locale } });

export const WindowOpen: Story = { parameters: with_({ lastInboundAt: STORY_NOW - 35 * MINUTE_MS }) };
export const WindowClosingSoon: Story = { parameters: with_({ lastInboundAt: STORY_NOW - 23 * HOUR_MS - 50 * MINUTE_MS }) };
export const WindowHumanAgent: Story = { name: 'Window: human agent (days left)', parameters: with_({ lastInboundAt: STORY_NOW - 3 * DAY_MS }) };
export const WindowClosed: Story = { parameters: with_({ lastInboundAt: STORY_NOW - 9 * DAY_MS }) };
export const WindowNeverOpened: Story = { parameters: with_({}) };
export const WindowItalian: Story = { parameters: with_({ lastInboundAt: STORY_NOW - 3 * DAY_MS }, 'it') };

export const DisclosureDueStart: Story = { name: 'Disclosure due: first automated message (German customer)', args: { kind: 'disclosure' }, parameters: with_({ disclosure: { automated: true, locale: 'de' } }) };
export const DisclosureDueLapse: Story = {
  name: 'Disclosure due: long lapse',
  args: { kind: 'disclosure' },
  parameters: with_({ lastMessageAt: STORY_NOW - 3 * DAY_MS, disclosure: { automated: true, lastDisclosedAt: STORY_NOW - 3 * DAY_MS, locale: 'it' } }),
};
export const DisclosureDueHandBack: Story = {
  name: 'Disclosure due: human → automated',
  args: { kind: 'disclosure' },
  parameters: with_({ disclosure: { automated: false, lastDisclosedAt: STORY_NOW - 2 * HOUR_MS, lastSenderWasHuman: true } }),
};
export const DisclosureNotDue: Story = { args: { kind: 'disclosure' }, parameters: with_({ disclosure: { automated: true, lastDisclosedAt: STORY_NOW - 2 * HOUR_MS } }) };
export const DisclosureGerman: Story = { args: { kind: 'disclosure' }, parameters: with_({ disclosure: { automated: true, locale: 'de' } }, 'de') };

export const ConsentUnknown: Story = { args: { kind: 'consent' }, parameters: with_({}) };
export const ConsentOptedIn: Story = { args: { kind: 'consent' }, parameters: with_({ consent: { state: 'opted_in', at: STORY_NOW - 20 * DAY_MS, topic: 'Restock alerts' } }) };
export const ConsentOptedOut: Story = { args: { kind: 'consent' }, parameters: with_({ consent: { state: 'opted_out', at: STORY_NOW - 2 * DAY_MS } }) };
export const ConsentGerman: Story = { args: { kind: 'consent' }, parameters: with_({ consent: { state: 'opted_out', at: STORY_NOW - 2 * DAY_MS } }, 'de') };
