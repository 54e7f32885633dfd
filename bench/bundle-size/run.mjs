// pnpm bench bundle-size: what the kit costs a host app (see measure.ts; Node 24 runs the .ts directly).
//
//   node bench/bundle-size/run.mjs [--modules]
//
// --modules also lists what each chunk is made of (package or kit source file → rendered bytes),
// which is where to look when the initial number grows.
const { measureKitBundle, BUDGET } = await import('./measure.ts');

const s = await measureKitBundle();
const showModules = process.argv.includes('--modules');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const list = (c) => {
  console.log(`  ${c.file.padEnd(34)} ${kb(c.bytes).padStart(9)} min ${kb(c.gzip).padStart(8)} gzip  (${c.contents.slice(0, 3).map((x) => x.from).join(', ')})`);
  if (showModules) for (const m of c.contents) console.log(`      ${String(m.bytes).padStart(7)}  ${m.from}`);
};
console.log(`Initial JS (loaded before <Inbox> mounts, English): ${kb(s.initial.jsBytes)} minified, ${kb(s.initial.jsGzip)} gzip (budget ${kb(BUDGET.jsGzip)}, React excluded)`);
s.initial.chunks.forEach(list);
const lazyGzip = s.onDemand.reduce((n, c) => n + c.gzip, 0);
console.log(`On demand (fetched when first needed): ${s.onDemand.length} chunks, ${kb(lazyGzip)} gzip in all`);
s.onDemand.forEach(list);
const paneChunk = s.onDemand.find((c) => c.name === 'ConversationPane');
if (paneChunk) console.log(`With a conversation open (initial + ConversationPane chunk): ${kb(s.initial.jsGzip + paneChunk.gzip)} gzip (budget ${kb(BUDGET.openJsGzip)})`);
const all = await measureKitBundle({ exports: 'all' });
console.log(`For comparison, every export of the package kept: initial ${kb(all.initial.jsGzip)} gzip, on demand ${kb(all.onDemand.reduce((n, c) => n + c.gzip, 0))} gzip`);
console.log(`CSS ${kb(s.css.bytes)} minified, ${kb(s.css.gzip)} gzip (budget ${kb(BUDGET.cssGzip)})`);
if (s.initial.jsGzip > BUDGET.jsGzip || s.css.gzip > BUDGET.cssGzip || !paneChunk || s.initial.jsGzip + paneChunk.gzip > BUDGET.openJsGzip) {
  console.error('over budget');
  process.exit(1);
}
