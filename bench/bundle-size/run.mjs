// pnpm bench bundle-size: what the kit costs a host app (see measure.ts; Node 24 runs the .ts directly).
const { measureKitBundle, BUDGET } = await import('./measure.ts');

const s = await measureKitBundle();
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`JS  ${kb(s.jsBytes)} minified, ${kb(s.jsGzip)} gzip (budget ${kb(BUDGET.jsGzip)}, React excluded)`);
console.log(`CSS ${kb(s.cssBytes)} minified, ${kb(s.cssGzip)} gzip (budget ${kb(BUDGET.cssGzip)})`);
if (s.jsGzip > BUDGET.jsGzip || s.cssGzip > BUDGET.cssGzip) {
  console.error('over budget');
  process.exit(1);
}
