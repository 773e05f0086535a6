import type { TransferStatus } from './transfer-status.js';

/** An access token from `POST /oauth/v2/token`. */
export interface TokenGrant {
  accessToken: string;
  /** Lifetime in seconds when MiMo sends `expires_in`, otherwise null (MiMo documents 30 minutes). */
  expiresInSeconds: number | null;
}

/** A MiMo account as returned in a transfer's `destination` and by the user profile endpoint. */
export interface MimoUser {
  /** MiMo's user id, as decimal digits. */
  id: string;
  username: string;
  accountNumber: string | null;
  /** `personal` or `merchant`, as MiMo writes it. */
  accountType: string | null;
  companyName: string | null;
  firstName: string | null;
  middleName: string | null;
  surname: string | null;
  photoUrl: string | null;
  email: string | null;
}

/** The customer behind an access token. */
export interface MimoUserProfile extends MimoUser {
  /** KYC verification level (1 to 3), or null when MiMo does not send it. */
  level: number | null;
}

export interface TransferCreated {
  /** MiMo's transaction id, as decimal digits. */
  transactionId: string;
  message: string | null;
}

export interface TransferVoided {
  transactionId: string;
  message: string;
}

export interface TransferRefunded {
  /** The refunded transfer's id, as passed in. */
  transactionId: string;
  /** The new transaction id MiMo gives the refund (`refundtransactionId`). */
  refundTransactionId: string;
  message: string | null;
}

export interface TransferDetails {
  transactionId: string;
  /** ISO 8601 time with MiMo's offset, for example `2013-03-28T11:32:30+01:00`. */
  datetime: string;
  /** MiMo's transaction type, for example `Money In`. */
  type: string | null;
  destination: MimoUser | null;
  amountKobo: number;
  notes: string | null;
  status: TransferStatus;
}
