/**
 * Templates and shared stories in the thread, drawn from their own chunks: a button template shows
 * its text and every button (a link only for an http(s) URL), a carousel every card, and a shared
 * story is labelled as a story, not as a shared post.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithKit } from '../test/kitHarness';
import { Attachment } from './Attachment';

describe('lazily drawn attachments', () => {
  it('a button template: text, then each button; web_url buttons are links', async () => {
    renderWithKit(
      <Attachment
        attachment={{
          type: 'template',
          templateType: 'button',
          text: 'Your order shipped.',
          buttons: [
            { type: 'postback', title: 'Change address', payload: 'A' },
            { type: 'web_url', title: 'Track parcel', url: 'https://shop.example.com/t' },
          ],
        }}
      />,
    );
    expect(await screen.findByText('Your order shipped.')).toBeInTheDocument();
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual(['Change address', 'Track parcel']);
    expect(screen.getByRole('link', { name: 'Track parcel' })).toHaveAttribute('href', 'https://shop.example.com/t');
  });

  it('a generic template of two cards is a carousel of both', async () => {
    renderWithKit(
      <Attachment
        attachment={{
          type: 'template',
          templateType: 'generic',
          elements: [
            { title: 'Linen shirt', subtitle: '€ 59', imageUrl: 'https://cdn.example.com/s.jpg' },
            { title: 'Canvas tote', imageUrl: 'javascript:alert(1)' },
          ],
        }}
      />,
    );
    const carousel = await screen.findByRole('group', { name: 'Linen shirt, Canvas tote' });
    expect(within(carousel).getByText('€ 59')).toBeInTheDocument();
    // Only an http(s) image is shown.
    expect([...carousel.querySelectorAll('img')].map((i) => i.getAttribute('src'))).toEqual(['https://cdn.example.com/s.jpg']);
  });

  it('a shared story is labelled as a story, not as a shared post', async () => {
    renderWithKit(<Attachment attachment={{ type: 'share', url: 'https://cdn.example.com/story.jpg', storyId: '179' }} />);
    expect(await screen.findByText('Shared a story')).toBeInTheDocument();
    expect(screen.queryByText('Shared post')).toBeNull();
    expect(document.querySelector('.kit-story')?.getAttribute('data-kind')).toBe('share');
  });
});
