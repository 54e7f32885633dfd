/**
 * Strings of <RoutingBanner> (Conversation Routing, reference §9.3) in every shipped language.
 * Kept apart from the inbox catalogs (en.ts is in the bundle every <Inbox> loads first) and loaded
 * with the banner, which is its own chunk. Italian and German mirror the English keys exactly.
 */
export const routingEn = {
  'routing.label': 'Who handles this conversation',
  'routing.inbox.title': 'Meta Business Suite is handling this conversation',
  'routing.app.title': 'Another app is handling this conversation',
  'routing.appNamed.title': '{app} has this thread',
  'routing.elsewhere.detail': 'Replying from here is off while another app holds the thread. Take control to answer; the other app then stops receiving it.',
  'routing.take': 'Take control',
  'routing.kit.title': 'You are handling this conversation',
  'routing.kit.detail': 'Hand it back to {app} when you are done.',
  'routing.handBack': 'Hand back',
  'routing.requested.title': '{app} asks for this conversation',
  'routing.requested.detail': 'Pass it over when you are done here; you can no longer reply afterwards.',
  'routing.pass': 'Pass to {app}',
  'routing.names.inbox': 'Meta Business Suite',
  'routing.names.app': 'the other app',
  'routing.locked.inbox': 'Meta Business Suite is handling this conversation. Take control above to reply from here.',
  'routing.locked.app': '{app} is handling this conversation. Take control above to reply from here.',
  'routing.failed': 'That did not work: {message}',
};

export type KitRoutingKey = keyof typeof routingEn;
export type KitRoutingCatalog = Record<KitRoutingKey, string>;

export const routingIt: KitRoutingCatalog = {
  'routing.label': 'Chi gestisce questa conversazione',
  'routing.inbox.title': 'Meta Business Suite sta gestendo questa conversazione',
  'routing.app.title': 'Un’altra app sta gestendo questa conversazione',
  'routing.appNamed.title': '{app} ha questa conversazione',
  'routing.elsewhere.detail': 'Da qui non puoi rispondere finché un’altra app ha la conversazione. Prendi il controllo per rispondere; l’altra app smette di riceverla.',
  'routing.take': 'Prendi il controllo',
  'routing.kit.title': 'Stai gestendo tu questa conversazione',
  'routing.kit.detail': 'Restituiscila a {app} quando hai finito.',
  'routing.handBack': 'Restituisci',
  'routing.requested.title': '{app} chiede questa conversazione',
  'routing.requested.detail': 'Passala quando hai finito qui; dopo non potrai più rispondere.',
  'routing.pass': 'Passa a {app}',
  'routing.names.inbox': 'Meta Business Suite',
  'routing.names.app': 'l’altra app',
  'routing.locked.inbox': 'Meta Business Suite sta gestendo questa conversazione. Prendi il controllo qui sopra per rispondere da qui.',
  'routing.locked.app': '{app} sta gestendo questa conversazione. Prendi il controllo qui sopra per rispondere da qui.',
  'routing.failed': 'Non è andato a buon fine: {message}',
};

export const routingDe: KitRoutingCatalog = {
  'routing.label': 'Wer diese Unterhaltung betreut',
  'routing.inbox.title': 'Meta Business Suite betreut diese Unterhaltung',
  'routing.app.title': 'Eine andere App betreut diese Unterhaltung',
  'routing.appNamed.title': '{app} hat diese Unterhaltung',
  'routing.elsewhere.detail': 'Antworten von hier ist aus, solange eine andere App die Unterhaltung hat. Übernimm sie, um zu antworten; die andere App bekommt sie dann nicht mehr.',
  'routing.take': 'Übernehmen',
  'routing.kit.title': 'Du betreust diese Unterhaltung',
  'routing.kit.detail': 'Gib sie an {app} zurück, wenn du fertig bist.',
  'routing.handBack': 'Zurückgeben',
  'routing.requested.title': '{app} möchte diese Unterhaltung',
  'routing.requested.detail': 'Gib sie ab, wenn du hier fertig bist; danach kannst du nicht mehr antworten.',
  'routing.pass': 'An {app} abgeben',
  'routing.names.inbox': 'Meta Business Suite',
  'routing.names.app': 'die andere App',
  'routing.locked.inbox': 'Meta Business Suite betreut diese Unterhaltung. Übernimm sie oben, um von hier zu antworten.',
  'routing.locked.app': '{app} betreut diese Unterhaltung. Übernimm sie oben, um von hier zu antworten.',
  'routing.failed': 'Das ging nicht: {message}',
};

export const routingCatalogs: Record<string, KitRoutingCatalog> = { en: routingEn, it: routingIt, de: routingDe };
