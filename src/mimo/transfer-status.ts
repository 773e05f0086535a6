/** Transfer statuses the app acts on. MiMo documents the first four. */
export const KNOWN_TRANSFER_STATUSES = ['pending', 'completed', 'voided', 'refunded', 'failed', 'declined'] as const;

export type KnownTransferStatus = (typeof KNOWN_TRANSFER_STATUSES)[number];

/**
 * A transfer's status as MiMo reported it. `kind` is the lower-case known status, or
 * `unknown` for any other text. `raw` is always MiMo's text, verbatim.
 */
export type TransferStatus = { kind: KnownTransferStatus; raw: string } | { kind: 'unknown'; raw: string };

const knownStatuses: ReadonlySet<string> = new Set(KNOWN_TRANSFER_STATUSES);

function isKnownTransferStatus(value: string): value is KnownTransferStatus {
  return knownStatuses.has(value);
}

/** Maps MiMo's status text to a TransferStatus, ignoring case and surrounding spaces. */
export function normalizeTransferStatus(raw: string): TransferStatus {
  const lowered = raw.trim().toLowerCase();
  if (isKnownTransferStatus(lowered)) {
    return { kind: lowered, raw };
  }
  return { kind: 'unknown', raw };
}
