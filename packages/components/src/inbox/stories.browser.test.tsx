/**
 * Every story of the composing half (composer, pickers, reactions, banners, inbox, search, operator's view, comments, quick replies, cards, profile settings, saved replies) rendered in
 * Chromium with the shipped styles.css and checked with axe-core, in the light and the dark
 * theme: zero violations allowed.
 */
import axe from 'axe-core';
import type { ComponentType } from 'react';
import { composeStories } from '@storybook/react-vite';
import { describe, expect, it } from 'vitest';
import '../styles.css';
import * as consentStories from '../banners/ConsentBanner.stories';
import * as disclosureStories from '../banners/DisclosureBanner.stories';
import * as pausedStories from '../banners/PausedBanner.stories';
import * as routingStories from '../banners/RoutingBanner.stories';
import * as windowStories from '../banners/MessagingWindowBanner.stories';
import * as composerStories from '../composer/Composer.stories';
import * as pickerStories from '../media-picker/MediaPicker.stories';
import * as opsStories from '../ops/KitOps.stories';
import * as commentsStories from '../comments/CommentsView.stories';
import * as reactionStories from '../reactions/ReactionBar.stories';
import * as profileStories from '../structured/ProfileSettings.stories';
import * as quickReplyStories from '../structured/QuickReplyEditor.stories';
import * as panelStories from '../structured/StructuredTools.stories';
import * as builderStories from '../structured/TemplateBuilder.stories';
import * as savedPickerStories from '../saved-replies/SavedReplyPicker.stories';
import * as savedSettingsStories from '../saved-replies/SavedRepliesSettings.stories';
import * as searchStories from '../search/ConversationSearch.stories';
import { mount } from '../test/browserMount';
import * as inboxStories from './Inbox.stories';

const modules = { Composer: composerStories, MediaPicker: pickerStories, ReactionBar: reactionStories, MessagingWindowBanner: windowStories, DisclosureBanner: disclosureStories, ConsentBanner: consentStories, PausedBanner: pausedStories, RoutingBanner: routingStories, Inbox: inboxStories, ConversationSearch: searchStories, KitOps: opsStories, CommentsView: commentsStories, QuickReplyEditor: quickReplyStories, TemplateBuilder: builderStories, ComposerPanel: panelStories, ProfileSettings: profileStories, SavedReplyPicker: savedPickerStories, SavedRepliesSettings: savedSettingsStories };

async function violations(root: Element): Promise<string[]> {
  const result = await axe.run(root, {
    // A story is a fragment of the host's page: landmarks and the page title are the host's job.
    rules: { region: { enabled: false } },
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} (${n.any[0]?.message ?? n.failureSummary ?? ''})`).join(', ')}`);
}

/** Let async work settle: file checks (head reads), seeded thread measurements, fonts. */
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('axe on every story', () => {
  for (const [group, mod] of Object.entries(modules)) {
    const stories = composeStories(mod as Parameters<typeof composeStories>[0]);
    for (const [name, composed] of Object.entries(stories)) {
      const Story = composed as ComponentType;
      it(`${group} / ${name}`, async () => {
        const host = mount(<Story />, { width: name.includes('320') ? '320px' : '900px' });
        await settle();
        const light = await violations(document.body);
        for (const root of host.querySelectorAll('.kit-root')) root.setAttribute('data-theme', 'dark');
        const dark = await violations(document.body);
        expect({ light, dark }).toEqual({ light: [], dark: [] });
      });
    }
  }
});
