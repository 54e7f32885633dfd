/**
 * `@kit/components/locales/de`: the Deutsch catalog, registered on import. Import it next to the
 * kit when the inbox should render in Deutsch from the first paint (and on the server) instead of
 * loading the catalog when <KitProvider locale="de"> first mounts.
 */
import { registerCatalog } from '../i18n';
import { de } from '../i18n/de';

registerCatalog('de', de);

export { de };
