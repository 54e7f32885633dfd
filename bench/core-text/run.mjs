// How fast @kit/core measures and splits text: the composer calls measureText on every keystroke,
// including into a 1 MB paste, so one measure must fit well inside a 16 ms frame.
// Run: pnpm bench core-text   (builds @kit/core first)
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
execSync('pnpm --filter @kit/core run build', { cwd: root, stdio: 'ignore' });
const { measureText, splitText } = await import(join(root, 'packages/core/dist/index.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

const para = 'Grazie per il messaggio! Ecco le novità 🎉 per la stagione 👩🏽‍💻 — 日本語も大丈夫。\n';
let text = para.repeat(Math.ceil(1_000_000 / para.length));
const paste = time(() => measureText(text));
const keystrokes = [];
for (let k = 0; k < 200; k++) {
  const at = k % 2 === 0 ? text.length : Math.floor(text.length / 2);
  text = text.slice(0, at) + 'ä' + text.slice(at);
  keystrokes.push(time(() => measureText(text)));
}
const ascii = 'The quick brown fox jumps over the lazy dog. '.repeat(22_300);
const fresh = [0, 1, 2, 3, 4].map((k) => time(() => measureText(ascii + k)));
const splitInput = 'Grazie per il messaggio! Ecco le novità 🎉 per la stagione.\n\n'.repeat(16_000);
const split = time(() => splitText(splitInput));

const rows = [
  ['measureText: first measure of a 1 MB mixed paste', paste],
  ['measureText: one keystroke into 1 MB (median of 200)', median(keystrokes)],
  ['measureText: fresh 1 MB ASCII string (median of 5)', median(fresh)],
  ['splitText: 1 MB into 1000-byte parts', split],
];
for (const [what, ms] of rows) console.log(`${what.padEnd(56)} ${ms.toFixed(2)} ms`);
