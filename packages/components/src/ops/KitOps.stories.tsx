import type { Meta, StoryObj } from '@storybook/react-vite';
import { HOUR_MS } from '@kit/core';
import { STORY_NOW, withStoryKit } from '../test/StoryKit';
import { DEAD_LETTERS, QUEUED, UNCERTAIN } from '../test/opsFixtures';
import { KitOps } from './KitOps';

const meta: Meta<typeof KitOps> = {
  title: 'Operations/KitOps',
  component: KitOps,
  tags: ['autodocs'],
  args: { now: STORY_NOW, refreshMs: 0 },
  parameters: {
    docs: {
      description: {
        component:
          'The operator’s view for an admin page, inside the same <KitProvider>: whether the account is connected, the history import, the pause switch (sends wait queued while paused, none fails), the outbox (sends not settled yet, oldest first; an uncertain one is settled by hand) and the dead letters (403 unless the operator is allowed for every account). Never loaded by <Inbox>.',
      },
    },
  },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof KitOps>;

const pause = { message: 'Instagram is failing every send right now; we resume as soon as Meta fixes it.', since: STORY_NOW - 2 * HOUR_MS };

export const Normal: Story = { parameters: { kit: { outbox: QUEUED, deadLetters: DEAD_LETTERS } } };
export const Paused: Story = { parameters: { kit: { paused: pause, outbox: QUEUED, deadLetters: [] } } };
export const UncertainSends: Story = { name: 'Uncertain sends', parameters: { kit: { outbox: UNCERTAIN, deadLetters: DEAD_LETTERS } } };
export const DeadLettersForbidden: Story = {
  name: 'Dead letters forbidden (403)',
  parameters: { kit: { outbox: [], deadLetters: 'forbidden', account: { status: 'needs_reauth', backfill: { state: 'failed', error: 'token_expired' } } } },
};
export const Italian: Story = { parameters: { kit: { locale: 'it', paused: { ...pause, message: 'Instagram non invia i messaggi; riprendiamo appena Meta risolve.' }, outbox: UNCERTAIN, deadLetters: DEAD_LETTERS } } };
