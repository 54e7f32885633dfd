/**
 * A template as Instagram's phone apps show it: a button template is a bubble of text with its
 * buttons stacked under it; a generic template is one card (image, title, subtitle, buttons) or a
 * carousel of them side by side that scrolls. Used by the thread for sent and received templates
 * and by the card builder's preview, in its own chunk (the thread loads it when one appears).
 */
import type { KitTemplateAttachment, KitTemplateButton } from '@kit/core';
import { validateLink } from '@kit/core';

function Button({ button }: { button: KitTemplateButton }) {
  const v = button.type === 'web_url' && button.url ? validateLink(button.url) : null;
  return (
    <li className="kit-template-button">
      {v?.ok ? (
        <a className="kit-link" href={v.url} target="_blank" rel="noopener noreferrer">
          {button.title}
        </a>
      ) : (
        button.title
      )}
    </li>
  );
}

function Buttons({ buttons }: { buttons: readonly KitTemplateButton[] | undefined }) {
  return buttons?.length ? (
    <ul className="kit-template-buttons">
      {buttons.map((b, i) => (
        <Button key={i} button={b} />
      ))}
    </ul>
  ) : null;
}

/** An https image link (core's link rule); anything else shows no image rather than a broken one. */
const imageOf = (url: string | undefined) => {
  const v = url ? validateLink(url) : null;
  return v?.ok ? v.url : undefined;
};

export default function TemplateCard({ attachment }: { attachment: KitTemplateAttachment }) {
  if (attachment.templateType === 'button' || !attachment.elements?.length) {
    return (
      <div className="kit-template" data-kind="button">
        {attachment.text ? <p className="kit-template-text">{attachment.text}</p> : null}
        <Buttons buttons={attachment.buttons} />
      </div>
    );
  }
  const elements = attachment.elements;
  return (
    <div className="kit-carousel" data-count={elements.length} tabIndex={elements.length > 1 ? 0 : undefined} role={elements.length > 1 ? 'group' : undefined} aria-label={elements.length > 1 ? elements.map((e) => e.title).join(', ') : undefined}>
      {elements.map((el, i) => {
        const image = imageOf(el.imageUrl);
        return (
          <div className="kit-template" data-kind="generic" key={i}>
            {image ? <img className="kit-template-image" src={image} alt="" loading="lazy" decoding="async" /> : null}
            <div className="kit-template-element">
              <strong className="kit-template-title">{el.title}</strong>
              {el.subtitle ? <span className="kit-template-subtitle">{el.subtitle}</span> : null}
            </div>
            <Buttons buttons={el.buttons} />
          </div>
        );
      })}
    </div>
  );
}
