// Size baseline: React alone, rendering one element.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('app')!).render(<div>baseline</div>);
