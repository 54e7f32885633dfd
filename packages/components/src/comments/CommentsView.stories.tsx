import type { Meta, StoryObj } from '@storybook/react-vite';
import { useLayoutEffect, useRef, useState } from 'react';
import { STORY_NOW, withStoryKit } from '../test/StoryKit';
import { EVERY_STATE, fakeComments, WAITING } from '../test/commentsFixtures';
import { CommentsView } from './CommentsView';
import { ReplyDialog, type ReplyMode } from './ReplyDialog';
import { useCommentsT } from './useCommentsT';

const meta: Meta<typeof CommentsView> = {
  title: 'Comments/CommentsView',
  component: CommentsView,
  tags: ['autodocs'],
  args: { now: STORY_NOW, defaultNeedsReply: false },
  parameters: {
    docs: {
      description: {
        component:
          'Comments on the account’s posts, reels and Live broadcasts, per post and newest first, with the "waiting for a reply" filter. Reply privately (once per comment, within 7 days, Live comments only while the broadcast runs: when not possible the reason is shown), reply publicly, hide. <Inbox> opens it from its Comments button.',
      },
    },
  },
  decorators: [withStoryKit],
};
export default meta;
type Story = StoryObj<typeof CommentsView>;

const routes = (list = EVERY_STATE, options: Parameters<typeof fakeComments>[1] = {}) => () => fakeComments(list, options).routes;

export const EveryState: Story = { name: 'Every state', parameters: { kit: { routes: routes() } } };
export const NeedsReply: Story = { name: 'Waiting for a reply (filter on)', args: { defaultNeedsReply: true }, parameters: { kit: { routes: routes() } } };
export const Empty: Story = { args: { defaultNeedsReply: true }, parameters: { kit: { routes: routes([]) } } };
export const NothingWaiting: Story = { name: 'Every comment answered', args: { defaultNeedsReply: true }, parameters: { kit: { routes: routes(EVERY_STATE.filter((c) => c.privateReply?.status === 'sent')) } } };
export const Loading: Story = { parameters: { kit: { routes: () => ({ listComments: () => new Promise(() => {}) }) } } };
export const LoadError: Story = { name: 'Error', parameters: { kit: { routes: routes([], { fail: new Error('The kit proxy answered 502 Bad Gateway') }) } } };
export const InTheInbox: Story = { name: 'With a back button (as in <Inbox>)', args: { onClose: () => {}, onOpenConversation: () => {} }, parameters: { kit: { routes: routes() } } };
export const Italian: Story = { parameters: { kit: { locale: 'it', routes: routes() } } };
export const German: Story = { parameters: { kit: { locale: 'de', routes: routes() } } };
export const Narrow320: Story = { name: 'Narrow (320 px)', parameters: { kit: { routes: routes() } }, decorators: [(S) => <div style={{ width: 320 }}>{S()}</div>] };

/** The reply dialog open in the kit's root (where <CommentsView> portals it, for the theme). */
function OpenDialog({ mode, text = '' }: { mode: ReplyMode; text?: string }) {
  const t = useCommentsT();
  const anchor = useRef<HTMLSpanElement>(null);
  const [container, setContainer] = useState<HTMLElement | null | undefined>(undefined);
  useLayoutEffect(() => setContainer(anchor.current?.closest<HTMLElement>('.kit-root') ?? null), []);
  return (
    <span ref={anchor}>
      {container !== undefined ? <ReplyDialog comment={WAITING} mode={mode} t={t} container={container} defaultText={text} onClose={() => {}} onSend={() => new Promise(() => {})} /> : null}
    </span>
  );
}

export const PrivateReplyDialog: Story = { name: 'Reply privately (dialog)', render: () => <OpenDialog mode="private" text="Hi Giulia! The red one is €120." /> };
export const PrivateReplyOverLimit: Story = { name: 'Reply privately, over 1000 bytes', render: () => <OpenDialog mode="private" text={'Our bags are hand-stitched in Florence. '.repeat(26)} /> };
export const PublicReplyDialog: Story = { name: 'Reply publicly (dialog)', render: () => <OpenDialog mode="public" text="Sent you a DM 💌" /> };
export const DialogItalian: Story = { name: 'Reply privately (dialog), Italian', parameters: { kit: { locale: 'it' } }, render: () => <OpenDialog mode="private" /> };
