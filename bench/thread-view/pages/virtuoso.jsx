// react-virtuoso (the list engine of stream-chat-react) with the same texts; prepend through
// firstItemIndex, Virtuoso's documented way to keep the position. `?data=kit` makes the page hold
// the kit's message objects instead of minimal rows (the same data the kit page holds), so the
// heap comparison can be made on equal data too.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Virtuoso } from 'react-virtuoso';
import { N, OLDER, outgoing, params, text, watchNewest } from './probes.js';
import { kitMessage } from './kitData.js';

const kitData = params.get('data') === 'kit';
const row = kitData ? (i) => kitMessage(i, N) : (i) => ({ id: `m${i}`, text: text(i), direction: outgoing(i) ? 'outbound' : 'inbound' });
const messages = Array.from({ length: N }, (_, i) => row(i));
const older = Array.from({ length: OLDER }, (_, k) => row(k - OLDER));
const FIRST = 10_000_000;
let shown = messages;
window.__count = () => shown.length;

function App() {
  const [first, setFirst] = useState(FIRST);
  const [list, setList] = useState(messages);
  shown = list;
  window.__prepend = () => {
    setFirst((f) => f - OLDER);
    setList((d) => older.concat(d));
  };
  return (
    <Virtuoso
      style={{ height: '100%' }}
      data={list}
      firstItemIndex={first}
      initialTopMostItemIndex={N - 1}
      computeItemKey={(_, m) => m.id}
      itemContent={(_, m) => <div style={{ padding: 8, textAlign: m.direction === 'outbound' ? 'right' : 'left' }}>{m.text}</div>}
    />
  );
}

const t0 = performance.now();
createRoot(document.getElementById('root')).render(<App />);
watchNewest(t0);
