import type { Meta, StoryObj } from '@storybook/react-vite';
import { HOUR_MS, META_INBOX_APP_IDS } from '@kit/core';
import type { KitRoutingState } from '@kit/core';
import { bannerKit, BANNER_CID } from '../test/bannerStories';
import { STORY_APP_ID, STORY_NOW, withStoryKit } from '../test/StoryKit';
import { RoutingBanner } from './RoutingBanner';

const meta: Meta<typeof RoutingBanner> = {
  title: 'Banners/RoutingBanner',
  component: RoutingBanner,
  tags: ['autodocs'],
  args: { conversationId: BANNER_CID },
  parameters: {
    docs: {
      description: {
        component:
          'Conversation Routing (reference §9.3): when Meta Business Suite or a bot app also serves the account, one app holds each thread. The banner says who does and offers the one action that fits — Take control, Hand back, or Pass to the app that asks — through the proxy’s routing routes. While another app holds the thread the composer stays off (`onComposerLock` tells <Inbox>). Nothing is rendered while the kit simply holds the thread.',
      },
    },
  },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof RoutingBanner>;

const INBOX = META_INBOX_APP_IDS[0]!;
const BOT = '555000111222333';
const since = STORY_NOW - 2 * HOUR_MS;
const routed = (routing: KitRoutingState, locale?: string) => ({ kit: bannerKit({ routing }, locale) });

export const MetaInboxHolds: Story = { name: 'Meta Business Suite holds the thread', parameters: routed({ holder: 'inbox', holderAppId: INBOX, previousAppId: STORY_APP_ID, since }) };
export const BotHolds: Story = { name: 'A bot app holds the thread', parameters: routed({ holder: 'app', holderAppId: BOT, since }) };
export const NamedBotHolds: Story = { name: 'A named bot app holds the thread', args: { appNames: { [BOT]: 'ShopBot' } }, parameters: routed({ holder: 'app', holderAppId: BOT, since }) };
export const TakenOver: Story = { name: 'Taken over from Meta Business Suite (Hand back)', parameters: routed({ holder: 'kit', holderAppId: STORY_APP_ID, previousAppId: INBOX, since }) };
export const Requested: Story = { name: 'Another app asks for the thread (Pass)', args: { appNames: { [BOT]: 'ShopBot' } }, parameters: routed({ holder: 'kit', holderAppId: STORY_APP_ID, requestedByAppId: BOT, since }) };
export const Compact: Story = { args: { compact: true }, parameters: routed({ holder: 'inbox', holderAppId: INBOX, since }) };
export const Italian: Story = { parameters: routed({ holder: 'inbox', holderAppId: INBOX, since }, 'it') };
export const German: Story = { parameters: routed({ holder: 'kit', holderAppId: STORY_APP_ID, previousAppId: BOT, since }, 'de') };
export const ActionFails: Story = { name: 'Take control fails', parameters: { kit: { ...bannerKit({ routing: { holder: 'app', holderAppId: BOT, since } }), failing: true } } };
export const KitHolds: Story = { name: 'The kit holds the thread (renders nothing)', parameters: routed({ holder: 'kit', holderAppId: STORY_APP_ID, since }) };
