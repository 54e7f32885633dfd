/**
 * Core's media checks (byte sniffers, per-kind limits), imported by useMediaCheck on demand: they
 * are the bulk of core's media module, needed only once a file is picked.
 */
export { checkMedia, checkMediaSet, SNIFF_HEAD_BYTES } from '@kit/core';
