/**
 * useAutoGrow against the library it replaces: react-textarea-autosize with the same rows, font,
 * padding and border gives the same height for every text, from empty to past the cap.
 */
import { describe, expect, it } from 'vitest';
import TextareaAutosize from 'react-textarea-autosize';
import '../styles.css';
import { mount } from '../test/browserMount';
import { useAutoGrow } from './useAutoGrow';

function Ours({ value }: { value: string }) {
  const ref = useAutoGrow(value, { minRows: 2, maxRows: 8 });
  return <textarea ref={ref} className="kit-composer__input" data-who="ours" rows={2} value={value} readOnly />;
}

function Theirs({ value }: { value: string }) {
  return <TextareaAutosize className="kit-composer__input" data-who="theirs" minRows={2} maxRows={8} value={value} readOnly />;
}

const long = 'a wrapping sentence that is much wider than the box it is typed into, ';
const texts = ['', 'one', ...[2, 3, 5, 8, 9, 14].map((n) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n')), long.repeat(3), long.repeat(20)];

describe('useAutoGrow', () => {
  for (const [sizing, width] of [
    ['border-box', 260],
    ['content-box', 400],
  ] as const) {
    it(`matches react-textarea-autosize's height for every text (${sizing}, ${width} px)`, () => {
      for (const text of texts) {
        const host = mount(
          <div className="kit-root" style={{ display: 'flex', flexDirection: 'column', alignItems: 'start', width: `${width}px` }}>
            <Ours value={text} />
            <Theirs value={text} />
          </div>,
        );
        for (const el of host.querySelectorAll('textarea')) Object.assign(el.style, { boxSizing: sizing, width: `${width}px`, flex: 'none' });
        // Re-measure both after the box-sizing change: type the same text again.
        const heights = () => [...host.querySelectorAll<HTMLTextAreaElement>('textarea')].map((el) => el.getBoundingClientRect().height);
        host.remove();
        document.body.append(host);
        window.dispatchEvent(new Event('resize'));
        const [ours, theirs] = heights();
        expect(ours, JSON.stringify(text.slice(0, 20))).toBeCloseTo(theirs!, 0);
      }
    });
  }
});
