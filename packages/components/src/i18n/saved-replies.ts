/**
 * Strings of the saved-reply picker (the composer's `/`) and <SavedRepliesSettings>, in every
 * shipped language. Kept apart from the inbox catalogs, like ops.ts: they load with the picker's
 * chunk when `/` is first typed, so an open conversation does not pay for them.
 * Italian and German mirror the English keys exactly.
 */
import type { KitPluralForms } from './types';

export const savedEn = {
  'saved.listLabel': 'Saved replies',
  'saved.loading': 'Loading saved replies…',
  'saved.error': 'Could not load saved replies: {message}',
  'saved.none': 'No saved replies yet. Add them in the saved-replies settings.',
  'saved.noMatch': 'No saved reply matches /{query}.',
  'saved.count': {
    one: '{count} saved reply: arrows to choose, Enter to insert, Escape to close.',
    other: '{count} saved replies: arrows to choose, Enter to insert, Escape to close.',
  } as KitPluralForms,
  'saved.settings.title': 'Saved replies',
  'saved.settings.description':
    'Type / and the shortcut at the start of a message to insert one. Variables are filled in with the customer’s profile: {variables}.',
  'saved.settings.empty': 'No saved replies yet.',
  'saved.settings.shortcut': 'Shortcut',
  'saved.settings.shortcutHint': 'Lower-case letters, digits, - and _ (up to 32).',
  'saved.settings.text': 'Text',
  'saved.settings.add': 'Add saved reply',
  'saved.settings.save': 'Save',
  'saved.settings.cancel': 'Cancel',
  'saved.settings.edit': 'Edit /{shortcut}',
  'saved.settings.delete': 'Delete /{shortcut}',
  'saved.settings.editing': 'Edit /{shortcut}',
  'saved.settings.new': 'New saved reply',
  'saved.settings.added': 'Saved /{shortcut}.',
  'saved.settings.deleted': 'Deleted /{shortcut}.',
  'saved.settings.failed': 'Could not save: {message}',
  'saved.settings.deleteFailed': 'Could not delete: {message}',
  'saved.problem.invalid_shortcut':
    'The shortcut may use lower-case letters, digits, - and _ only, up to 32, starting with a letter or digit.',
  'saved.problem.empty_text': 'Write the text the shortcut inserts.',
  'saved.problem.text_too_long': 'The text is longer than {max} bytes.',
  'saved.problem.unknown_variables': 'Unknown variables: {variables}. Use {known}.',
  'saved.problem.duplicate_shortcut': 'Another saved reply already has the shortcut /{shortcut}.',
};

export type KitSavedKey = keyof typeof savedEn;
export type KitSavedCatalog = Record<KitSavedKey, string | KitPluralForms>;

export const savedIt: KitSavedCatalog = {
  'saved.listLabel': 'Risposte salvate',
  'saved.loading': 'Caricamento delle risposte salvate…',
  'saved.error': 'Impossibile caricare le risposte salvate: {message}',
  'saved.none': 'Ancora nessuna risposta salvata. Aggiungile nelle impostazioni delle risposte salvate.',
  'saved.noMatch': 'Nessuna risposta salvata corrisponde a /{query}.',
  'saved.count': {
    one: '{count} risposta salvata: frecce per scegliere, Invio per inserire, Esc per chiudere.',
    other: '{count} risposte salvate: frecce per scegliere, Invio per inserire, Esc per chiudere.',
  },
  'saved.settings.title': 'Risposte salvate',
  'saved.settings.description':
    'Scrivi / e la scorciatoia all’inizio di un messaggio per inserirne una. Le variabili si riempiono con il profilo del cliente: {variables}.',
  'saved.settings.empty': 'Ancora nessuna risposta salvata.',
  'saved.settings.shortcut': 'Scorciatoia',
  'saved.settings.shortcutHint': 'Lettere minuscole, cifre, - e _ (fino a 32).',
  'saved.settings.text': 'Testo',
  'saved.settings.add': 'Aggiungi risposta salvata',
  'saved.settings.save': 'Salva',
  'saved.settings.cancel': 'Annulla',
  'saved.settings.edit': 'Modifica /{shortcut}',
  'saved.settings.delete': 'Elimina /{shortcut}',
  'saved.settings.editing': 'Modifica /{shortcut}',
  'saved.settings.new': 'Nuova risposta salvata',
  'saved.settings.added': '/{shortcut} salvata.',
  'saved.settings.deleted': '/{shortcut} eliminata.',
  'saved.settings.failed': 'Impossibile salvare: {message}',
  'saved.settings.deleteFailed': 'Impossibile eliminare: {message}',
  'saved.problem.invalid_shortcut':
    'La scorciatoia può contenere solo lettere minuscole, cifre, - e _, fino a 32, e inizia con una lettera o una cifra.',
  'saved.problem.empty_text': 'Scrivi il testo che la scorciatoia inserisce.',
  'saved.problem.text_too_long': 'Il testo supera i {max} byte.',
  'saved.problem.unknown_variables': 'Variabili sconosciute: {variables}. Usa {known}.',
  'saved.problem.duplicate_shortcut': 'Un’altra risposta salvata ha già la scorciatoia /{shortcut}.',
};

export const savedDe: KitSavedCatalog = {
  'saved.listLabel': 'Gespeicherte Antworten',
  'saved.loading': 'Gespeicherte Antworten werden geladen…',
  'saved.error': 'Gespeicherte Antworten konnten nicht geladen werden: {message}',
  'saved.none': 'Noch keine gespeicherten Antworten. Lege sie in den Einstellungen für gespeicherte Antworten an.',
  'saved.noMatch': 'Keine gespeicherte Antwort passt zu /{query}.',
  'saved.count': {
    one: '{count} gespeicherte Antwort: Pfeiltasten zum Auswählen, Eingabe zum Einfügen, Escape zum Schließen.',
    other: '{count} gespeicherte Antworten: Pfeiltasten zum Auswählen, Eingabe zum Einfügen, Escape zum Schließen.',
  },
  'saved.settings.title': 'Gespeicherte Antworten',
  'saved.settings.description':
    'Tippe / und das Kürzel am Anfang einer Nachricht, um eine einzufügen. Variablen werden mit dem Profil der Kundin oder des Kunden gefüllt: {variables}.',
  'saved.settings.empty': 'Noch keine gespeicherten Antworten.',
  'saved.settings.shortcut': 'Kürzel',
  'saved.settings.shortcutHint': 'Kleinbuchstaben, Ziffern, - und _ (bis zu 32).',
  'saved.settings.text': 'Text',
  'saved.settings.add': 'Gespeicherte Antwort hinzufügen',
  'saved.settings.save': 'Speichern',
  'saved.settings.cancel': 'Abbrechen',
  'saved.settings.edit': '/{shortcut} bearbeiten',
  'saved.settings.delete': '/{shortcut} löschen',
  'saved.settings.editing': '/{shortcut} bearbeiten',
  'saved.settings.new': 'Neue gespeicherte Antwort',
  'saved.settings.added': '/{shortcut} gespeichert.',
  'saved.settings.deleted': '/{shortcut} gelöscht.',
  'saved.settings.failed': 'Speichern fehlgeschlagen: {message}',
  'saved.settings.deleteFailed': 'Löschen fehlgeschlagen: {message}',
  'saved.problem.invalid_shortcut':
    'Das Kürzel darf nur Kleinbuchstaben, Ziffern, - und _ enthalten, bis zu 32, und beginnt mit einem Buchstaben oder einer Ziffer.',
  'saved.problem.empty_text': 'Schreibe den Text, den das Kürzel einfügt.',
  'saved.problem.text_too_long': 'Der Text ist länger als {max} Bytes.',
  'saved.problem.unknown_variables': 'Unbekannte Variablen: {variables}. Verwende {known}.',
  'saved.problem.duplicate_shortcut': 'Eine andere gespeicherte Antwort hat bereits das Kürzel /{shortcut}.',
};

export const savedCatalogs: Record<string, KitSavedCatalog> = { en: savedEn, it: savedIt, de: savedDe };
