/**
 * The few icons the kit draws, as inline SVG in `currentColor`: a glyph such as "＋" (U+FF0B)
 * depends on the host's fonts and renders as an empty box on systems without CJK fonts.
 * Decorative: the button around an icon carries the accessible name.
 */
export function PlusIcon() {
  return (
    <svg className="kit-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d="M8 2.5v11M2.5 8h11" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" fill="none" />
    </svg>
  );
}

export function KeyboardIcon() {
  return (
    <svg className="kit-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <rect x="1.5" y="4" width="13" height="8.5" rx="1.5" stroke="currentColor" strokeWidth="1.3" fill="none" />
      <path d="M4 7h1M7.5 7h1M11 7h1M5 10h6" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}

/** An envelope with a dot: "mark as unread". */
export function UnreadIcon() {
  return (
    <svg className="kit-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <rect x="1.5" y="4" width="10.5" height="8.5" rx="1.2" stroke="currentColor" strokeWidth="1.3" fill="none" />
      <path d="M2 4.8l4.75 3.7 4.75-3.7" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" fill="none" />
      <circle cx="13" cy="3.5" r="2.2" fill="currentColor" />
    </svg>
  );
}

/** A chevron pointing back (to the list). */
export function BackIcon() {
  return (
    <svg className="kit-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d="M10 3L5 8l5 5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" fill="none" />
    </svg>
  );
}
