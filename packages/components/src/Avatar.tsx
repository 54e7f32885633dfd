'use client';
import { useState } from 'react';
import type { KitCustomer } from '@kit/core';

/** Profile picture with initials as the fallback (Meta's profile URLs expire after a few days). */
export function Avatar({ customer, size = 40 }: { customer: KitCustomer | undefined; size?: number }) {
  const [broken, setBroken] = useState(false);
  const label = customer?.name ?? customer?.username ?? '';
  const initials =
    label
      .replace(/^@/, '')
      .split(/[\s._-]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => [...w][0]!.toUpperCase())
      .join('') || '?';
  const src = customer?.profilePic;
  return (
    <span className="kit-avatar" data-state={src && !broken ? 'image' : 'initials'} style={{ width: size, height: size }} aria-hidden="true">
      {src && !broken ? <img className="kit-avatar-image" src={src} alt="" width={size} height={size} loading="lazy" onError={() => setBroken(true)} /> : initials}
    </span>
  );
}
