/** What we show where media used to be (expired CDN URL, erased on unsend, view-once). */
export function MediaPlaceholder({ kind, label, width, height }: { kind: string; label: string; width?: number; height?: number }) {
  return (
    <span className="kit-media-placeholder" data-kind={kind} role="img" aria-label={label} style={width && height ? { width, height } : undefined}>
      <span aria-hidden="true">{label}</span>
    </span>
  );
}
