/**
 * The picker's props, apart from the trigger so the dialog chunk can name them without importing
 * the module that loads it.
 */
import type { KitAttachment, KitMessageTag } from '@kit/core';
import type { KitOutboundAttachment } from '../client';
import type { UploadFn } from './upload';

export interface MediaPickerProps {
  conversationId: string;
  /** Upload transport (default: XMLHttpRequest to the proxy's attachment route). */
  upload?: UploadFn;
  /** Send override; default: an optimistic send through the kit store. */
  onSend?(attachments: KitOutboundAttachment[], options: { tag?: KitMessageTag; preview: KitAttachment[] }): Promise<unknown>;
  /** Tag the message must carry (HUMAN_AGENT after 24 h). */
  tag?: KitMessageTag;
  /** The trigger is disabled (e.g. window closed). */
  disabled?: boolean;
  /** Id of the element that says why it is disabled. */
  disabledReasonId?: string;
  /** Files to start with (e.g. dropped on the composer); they are checked at once. */
  defaultFiles?: readonly File[];
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?(open: boolean): void;
}
