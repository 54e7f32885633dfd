// chatscope's MessageList (no virtualization: every message in the DOM) with the same texts;
// prepend = older messages first in the array.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import '@chatscope/chat-ui-kit-styles/dist/default/styles.min.css';
import { MainContainer, ChatContainer, MessageList, Message } from '@chatscope/chat-ui-kit-react';
import { N, OLDER, outgoing, text, watchNewest } from './probes.js';

const row = (i) => ({ id: `m${i}`, text: text(i), direction: outgoing(i) ? 'outgoing' : 'incoming' });
const messages = Array.from({ length: N }, (_, i) => row(i));
const older = Array.from({ length: OLDER }, (_, k) => row(k - OLDER));
let shown = messages;
window.__count = () => shown.length;

function App() {
  const [list, setList] = useState(messages);
  shown = list;
  window.__prepend = () => setList((d) => older.concat(d));
  return (
    <div style={{ height: '100%', position: 'relative' }}>
      <MainContainer>
        <ChatContainer>
          <MessageList>
            {list.map((m) => (
              <Message key={m.id} model={{ message: m.text, direction: m.direction, position: 'single' }} />
            ))}
          </MessageList>
        </ChatContainer>
      </MainContainer>
    </div>
  );
}

const t0 = performance.now();
createRoot(document.getElementById('root')).render(<App />);
watchNewest(t0);
