'use client';
import { useKitStore } from '../provider';
import type { KitConnectionState } from '../events';

/** The live stream's state (`open`, `reconnecting`, `polling`, …) for a "Reconnecting…" hint. */
export function useConnection(): KitConnectionState {
  return useKitStore((s) => s.connection);
}
