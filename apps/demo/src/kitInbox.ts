// TODO(components): `Inbox` is not exported from @kit/components' index yet (issue 8). Until it
// is, take it from the package source; it shares the provider module with the package entry, so
// it sees the same <KitProvider> context. Replace with `import { Inbox } from '@kit/components'`.
export { Inbox } from '../../../packages/components/src/inbox/Inbox';
