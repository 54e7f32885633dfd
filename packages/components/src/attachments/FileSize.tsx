'use client';
/**
 * A file's size in decimal units, the way Meta states its limits (core's `formatBytes`). Its own
 * chunk: `formatBytes` lives in core's media module with the byte sniffers, which only the media
 * picker needs, so a PDF chip loads that module with the picker instead of with the thread.
 */
import { formatBytes } from '@kit/core';
import { useKit } from '../provider';

export default function FileSize({ bytes }: { bytes: number }) {
  const { locale } = useKit();
  return <span className="kit-file-size">{formatBytes(bytes, locale)}</span>;
}
