/**
 * The automated-experience notice in every shipped language. Kept apart from the catalogs and
 * loaded eagerly (three sentences) because the disclosure banner shows it in the CUSTOMER's
 * language, whose full catalog the agent's UI may never load.
 */
export const DISCLOSURE_NOTICES = {
  en: 'You are interacting with an automated experience.',
  it: 'Stai interagendo con un servizio automatizzato.',
  de: 'Sie kommunizieren mit einem automatisierten Dienst.',
} as const satisfies Record<string, string>;
