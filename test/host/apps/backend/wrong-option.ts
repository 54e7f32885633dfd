// Must NOT compile: the kit's types have to reach a NodeNext TypeScript host (not as `any`).
import { createKitProxy } from '@kit/proxy';

createKitProxy({ accounts: 5, appSecret: 42 });
