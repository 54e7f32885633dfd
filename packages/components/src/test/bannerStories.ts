/** The one conversation the banner stories show, in whatever state a story needs. */
import { HOUR_MS } from '@kit/core';
import type { KitConversation } from '@kit/core';
import { conversation } from './fixtures';
import { STORY_NOW } from './StoryKit';

export function bannerConversation(extra: Partial<KitConversation>): KitConversation {
  return conversation({
    customerId: '6000000000000001',
    customer: { name: 'Giulia Rossi' },
    lastMessageAt: STORY_NOW - HOUR_MS,
    ...extra,
  });
}

export const BANNER_CID = bannerConversation({}).id;

/** `parameters.kit` for a banner story: that conversation, and the agent's locale. */
export function bannerKit(extra: Partial<KitConversation>, locale = 'en') {
  return { conversations: [bannerConversation(extra)], locale };
}
