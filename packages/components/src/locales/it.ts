/**
 * `@kit/components/locales/it`: the Italiano catalog, registered on import. Import it next to the
 * kit when the inbox should render in Italiano from the first paint (and on the server) instead of
 * loading the catalog when <KitProvider locale="it"> first mounts.
 */
import { registerCatalog } from '../i18n';
import { it } from '../i18n/it';

registerCatalog('it', it);

export { it };
