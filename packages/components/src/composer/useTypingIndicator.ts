'use client';
/**
 * "Typing…" shown to the customer while the agent types (Instagram's `typing_on` sender action,
 * through the proxy's `POST …/typing`). Instagram hides the indicator by itself after about 20 s
 * and when a message arrives, so the kit:
 * - sends `typing_on` on the first keystroke, then at most once per `refreshMs` while typing goes on
 *   (throttled: one request per keystroke would spend the account's rate limit);
 * - sends `typing_off` after `idleMs` without a keystroke, or when the text is emptied, the
 *   conversation changes or the composer unmounts — never after a send (the message ends it);
 * - only inside the 24-hour window (sender actions are refused outside it) and never fails the
 *   composer: a refused request is ignored.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { WindowState } from '@kit/core';
import { useKit } from '../provider';

export interface TypingIndicatorOptions {
  /** Least time between two `typing_on` while the agent keeps typing. Default 5 s. */
  refreshMs?: number;
  /** Quiet time after which `typing_off` is sent. Default 4 s. */
  idleMs?: number;
  /** Turn it off (e.g. a host that does not want customers to see typing). Default true. */
  enabled?: boolean;
}

export const TYPING_REFRESH_MS = 5_000;
export const TYPING_IDLE_MS = 4_000;

export interface TypingIndicator {
  /** Call with the new text after every change the agent makes. */
  onInput(text: string): void;
  /** The text was sent: the message itself ends the indicator on Instagram. */
  onSent(): void;
}

export function useTypingIndicator(
  conversationId: string,
  window: WindowState,
  options: TypingIndicatorOptions = {},
): TypingIndicator {
  const { client, accountId } = useKit();
  const { refreshMs = TYPING_REFRESH_MS, idleMs = TYPING_IDLE_MS, enabled = true } = options;
  const state = useRef({ on: false, lastOnAt: 0, idle: undefined as ReturnType<typeof setTimeout> | undefined });
  const allowed = enabled && window.state === 'open' && !!client.setTyping;

  const tell = useCallback(
    (on: boolean) => {
      void client.setTyping?.(accountId, conversationId, on).catch(() => {}); // best effort, like Instagram's own indicator
    },
    [client, accountId, conversationId],
  );

  const stop = useCallback(
    (notify: boolean) => {
      const s = state.current;
      clearTimeout(s.idle);
      s.idle = undefined;
      if (s.on && notify) tell(false);
      s.on = false;
      s.lastOnAt = 0;
    },
    [tell],
  );

  // A new conversation (or leaving the window) ends the indicator in the old one.
  useEffect(() => () => stop(true), [stop]);
  useEffect(() => {
    if (!allowed) stop(true);
  }, [allowed, stop]);

  const onInput = useCallback(
    (text: string) => {
      if (!allowed) return;
      const s = state.current;
      if (text.trim() === '') {
        // Emptied: stop — unless this is the composer clearing itself for a send, which calls
        // onSent in the same task (the message ends the indicator on Instagram's side).
        clearTimeout(s.idle);
        s.idle = setTimeout(() => stop(true), 0);
        return;
      }
      const now = Date.now();
      if (!s.on || now - s.lastOnAt >= refreshMs) {
        s.on = true;
        s.lastOnAt = now;
        tell(true);
      }
      clearTimeout(s.idle);
      s.idle = setTimeout(() => stop(true), idleMs);
    },
    [allowed, refreshMs, idleMs, tell, stop],
  );

  const onSent = useCallback(() => stop(false), [stop]);
  return { onInput, onSent };
}
