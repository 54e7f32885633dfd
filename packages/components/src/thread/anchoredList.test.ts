import { describe, expect, it } from 'vitest';
import { AnchoredList } from './anchoredList';

const keys = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `m${from + i}`);

function list(n: number, size = 50) {
  const l = new AnchoredList(size);
  l.viewport = 500;
  l.header = 30;
  l.footer = 8;
  l.sync(keys(0, n));
  return l;
}

describe('AnchoredList', () => {
  it('starts following the newest row: scrollTop is the bottom, and stays there as rows arrive or grow', () => {
    const l = list(100);
    expect(l.follow).toBe(true);
    expect(l.scrollTop()).toBe(30 + 100 * 50 + 8 - 500);
    l.sync(keys(0, 101));
    expect(l.scrollTop()).toBe(30 + 101 * 50 + 8 - 500);
    l.sizes.set(100, 200);
    expect(l.scrollTop()).toBe(30 + 100 * 50 + 200 + 8 - 500);
  });

  it('holds the row at the viewport top at its offset through a prepended page, sizes changing above it and new rows below', () => {
    const l = list(100);
    l.scrolledTo(30 + 40 * 50 + 20, 48); // 20 px into row 40
    expect(l.follow).toBe(false);
    expect(l.anchor).toEqual({ key: 'm40', index: 40, offset: -20 });
    const rowOnScreen = () => l.rowTop(l.keys.indexOf('m40')) - l.scrollTop();

    l.sync([...keys(-50, 0), ...l.keys]); // a page of 50 older messages
    expect(l.anchor).toMatchObject({ key: 'm40', index: 90 });
    expect(rowOnScreen()).toBe(-20);
    l.sizes.set(10, 333); // a row far above grows (an image)
    l.header = 90; // the header changes (beginning reached)
    expect(rowOnScreen()).toBe(-20);
    l.sync([...l.keys, 'live1', 'live2']); // new messages below: nothing moves
    expect(rowOnScreen()).toBe(-20);
    l.sizes.set(l.keys.indexOf('m40'), 400); // the row itself grows at its bottom: its top stays
    expect(rowOnScreen()).toBe(-20);
  });

  it('keeps sizes with their rows when a row is inserted or removed in the middle', () => {
    const l = list(10);
    l.sizes.set(7, 99);
    l.scrolledTo(30 + 5 * 50, 0);
    l.sync(['m0', 'm1', 'x', ...keys(2, 10)]);
    expect(l.sizes.size(l.keys.indexOf('m7'))).toBe(99);
    expect(l.anchor).toMatchObject({ key: 'm5', index: 6 });
    l.sync(l.keys.filter((k) => k !== 'm5')); // the held row is discarded: hold its successor
    expect(l.anchor).toMatchObject({ key: 'm6', index: 6 });
  });

  it('gives the rows to render: the visible ones, those within an eighth of the viewport, plus overscan on each side', () => {
    const l = list(1000);
    l.hold(500, 0);
    const visible = l.visible();
    expect(visible).toEqual({ start: 500, end: 510 });
    // 500 px viewport: 62 px of slack reach into rows 498 and 511 (50 px each), then 2 of overscan.
    expect(l.range(0)).toEqual({ start: 498, end: 512 });
    expect(l.range(2)).toEqual({ start: 496, end: 514 });
    l.sync(keys(0, 5));
    expect(l.range(2)).toEqual({ start: 0, end: 5 });
  });
});
