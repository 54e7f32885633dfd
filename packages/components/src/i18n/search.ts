/**
 * Strings of the conversation search (box, filter chips, results) in every shipped language. Kept
 * apart from the inbox catalogs like ops.ts: en.ts is in the bundle every <Inbox> loads first, and
 * the search is its own chunk, so its strings travel with it. Italian and German mirror the
 * English keys exactly.
 */
import type { KitPluralForms } from './types';

export const searchEn = {
  'search.label': 'Search conversations',
  'search.placeholder': 'Search names, @usernames, messages',
  'search.clear': 'Clear search',
  'search.filters': 'Filters',
  'search.filter.unread': 'Unread',
  'search.filter.needs_reply': 'Needs reply',
  'search.filter.open': 'Open',
  'search.filter.human_agent': 'Human agent',
  'search.filter.closed': 'Closed',
  'search.filter.opted_out': 'Opted out',
  'search.results': 'Search results',
  'search.searching': 'Searching…',
  'search.found': { one: '{count} conversation found', other: '{count} conversations found' } as KitPluralForms,
  'search.more': 'More results',
  'search.none': 'No conversation matches.',
  'search.error': 'The search failed: {message}',
  'search.retry': 'Try again',
  'search.byPerson': 'Name or username matches',
};

export type KitSearchKey = keyof typeof searchEn;
export type KitSearchCatalog = Record<KitSearchKey, string | KitPluralForms>;

export const searchIt: KitSearchCatalog = {
  'search.label': 'Cerca conversazioni',
  'search.placeholder': 'Cerca nomi, @username, messaggi',
  'search.clear': 'Cancella la ricerca',
  'search.filters': 'Filtri',
  'search.filter.unread': 'Non lette',
  'search.filter.needs_reply': 'Da rispondere',
  'search.filter.open': 'Aperte',
  'search.filter.human_agent': 'Agente umano',
  'search.filter.closed': 'Chiuse',
  'search.filter.opted_out': 'Consenso revocato',
  'search.results': 'Risultati della ricerca',
  'search.searching': 'Ricerca in corso…',
  'search.found': { one: '{count} conversazione trovata', other: '{count} conversazioni trovate' },
  'search.more': 'Altri risultati',
  'search.none': 'Nessuna conversazione corrisponde.',
  'search.error': 'La ricerca non è riuscita: {message}',
  'search.retry': 'Riprova',
  'search.byPerson': 'Corrisponde il nome o lo username',
};

export const searchDe: KitSearchCatalog = {
  'search.label': 'Unterhaltungen durchsuchen',
  'search.placeholder': 'Namen, @Benutzernamen, Nachrichten suchen',
  'search.clear': 'Suche löschen',
  'search.filters': 'Filter',
  'search.filter.unread': 'Ungelesen',
  'search.filter.needs_reply': 'Antwort offen',
  'search.filter.open': 'Offen',
  'search.filter.human_agent': 'Menschlicher Agent',
  'search.filter.closed': 'Geschlossen',
  'search.filter.opted_out': 'Widerrufen',
  'search.results': 'Suchergebnisse',
  'search.searching': 'Suche läuft…',
  'search.found': { one: '{count} Unterhaltung gefunden', other: '{count} Unterhaltungen gefunden' },
  'search.more': 'Weitere Ergebnisse',
  'search.none': 'Keine Unterhaltung passt.',
  'search.error': 'Die Suche ist fehlgeschlagen: {message}',
  'search.retry': 'Erneut versuchen',
  'search.byPerson': 'Name oder Benutzername passt',
};

export const searchCatalogs: Record<string, KitSearchCatalog> = { en: searchEn, it: searchIt, de: searchDe };
