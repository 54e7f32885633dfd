// Conversation search on the SQLite store: what `GET /accounts/:id/conversations?q=&filter=` costs
// with 100,000 stored messages (goal: under 50 ms). Per query it times what the route does
// besides HTTP: `store.findConversations` for one page (31 rows) plus the snippets of the page.
// Run: pnpm bench search [--messages 100000] [--rounds 40]   (builds @kit/core and @kit/proxy first)
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '40' } } });
const MESSAGES = Number(args.messages);
const ROUNDS = Number(args.rounds);
const PER_CONVERSATION = 50;

execSync('pnpm --filter @kit/proxy... run build', { cwd: root, stdio: 'ignore' });
const { sqliteStore } = await import(join(root, 'packages/proxy/dist/index.js'));
const { searchTerms, searchSnippet } = await import(join(root, 'packages/core/dist/index.js'));

// Deterministic text: words drawn from a vocabulary with a Zipf-like skew (a few words very
// common, most rare), in the languages the kit's customers write in.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const base = ('hello thanks order parcel arrived broken refund size colour shoes dress bag delivery tracking number ' +
  'grazie ordine pacco arrivato rotto rimborso taglia colore scarpe borsa consegna spedizione ' +
  'danke bestellung paket kaputt rückerstattung größe farbe schuhe tasche lieferung the a is my when where can you please').split(' ');
const vocabulary = [...base, ...Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${'xyz'[i % 3]}`)];
const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 3)];
const sentence = () => Array.from({ length: 4 + Math.floor(random() * 20) }, word).join(' ');

const dir = mkdtempSync(join(tmpdir(), 'kit-bench-search-'));
const file = join(dir, 'kit.db');
const store = sqliteStore({ file });
const ACCOUNT = '17841400000000001';
const DAY = 86_400_000;
const now = Date.now();
const conversations = Math.ceil(MESSAGES / PER_CONVERSATION);

const t0 = performance.now();
let n = 0;
for (let c = 0; c < conversations; c++) {
  const customerId = `c${c}`;
  const id = `${ACCOUNT}:${customerId}`;
  const last = now - Math.floor(random() * 30 * DAY);
  await store.transaction(async (tx) => {
    let lastMessage;
    for (let k = 0; k < PER_CONVERSATION && n < MESSAGES; k++, n++) {
      const inbound = random() < 0.6;
      const createdAt = last - (PER_CONVERSATION - k) * 3_600_000;
      // One old message holds a word nothing else has: the "find that old message" search.
      const text = n === 1234 ? `the zebracorn parcel from last year ${sentence()}` : sentence();
      const m = {
        id: `m${n}`,
        conversationId: id,
        accountId: ACCOUNT,
        direction: inbound ? 'inbound' : 'outbound',
        from: { id: inbound ? customerId : ACCOUNT },
        to: { id: inbound ? ACCOUNT : customerId },
        text,
        attachments: [],
        createdAt,
        editCount: 0,
        deleted: false,
        reactions: [],
      };
      await tx.putMessage(m);
      lastMessage = { id: m.id, direction: m.direction, createdAt, text };
    }
    await tx.putConversation({
      id,
      accountId: ACCOUNT,
      customerId,
      customer: { name: `Customer ${c}`, username: `user_${c}` },
      lastMessage,
      lastMessageAt: lastMessage.createdAt,
      lastInboundAt: lastMessage.createdAt - (random() < 0.5 ? 0 : 3 * DAY),
      unreadCount: random() < 0.2 ? 1 : 0,
    });
  });
}
const loadMs = performance.now() - t0;

const QUERIES = [
  ['rare word in one old message', 'zebracorn', []],
  ['common word (~10% of messages)', 'parcel', []],
  ['most common word (about half the messages)', 'hello', []],
  ['two words, prefixes', 'ord arriv', []],
  ['name prefix', 'customer 12', []],
  ['@username', '@user_1999', []],
  ['filter only: needs_reply + open', '', ['needs_reply', 'open']],
  ['common word + unread', 'parcel', ['unread']],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const rows = [];
for (const [label, q, filters] of QUERIES) {
  const terms = q ? searchTerms(q) : [];
  const times = [];
  let hits = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    hits = await store.findConversations(ACCOUNT, { terms, filters, now, limit: 31 });
    for (const h of hits) if (h.message?.text) searchSnippet(h.message.text, terms);
    times.push(performance.now() - t);
  }
  rows.push({ label, q, filters: filters.join(','), page: hits.length, median: median(times), p95: p95(times) });
}
await store.close();
const bytes = statSync(file).size;
rmSync(dir, { recursive: true, force: true });

console.log(`${MESSAGES} messages in ${conversations} conversations, loaded in ${(loadMs / 1000).toFixed(1)} s (${Math.round(MESSAGES / (loadMs / 1000))} messages/s with the index); database ${(bytes / 2 ** 20).toFixed(1)} MiB`);
console.log('| Query | q / filter | Rows on page | Median | p95 |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(`| ${r.label} | \`${r.q}\`${r.filters ? ` \`filter=${r.filters}\`` : ''} | ${r.page} | ${r.median.toFixed(1)} ms | ${r.p95.toFixed(1)} ms |`);
}
