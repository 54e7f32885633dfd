/** Plural forms of one string, chosen with Intl.PluralRules (its own module so every catalog can name it without cycles). */
export type KitPluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
