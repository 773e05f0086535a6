/**
 * MiMo accounts that exist in the sandbox: the test customers who pay, and one
 * merchant account per registered client application.
 */

export interface TestCustomer {
  id: number;
  username: string;
  pin: string;
  /** Balance at start-up and after a reset. */
  balanceKobo: number;
  firstName: string;
  middleName: string | null;
  surname: string;
  email: string;
  accountNumber: string;
  accountType: 'personal';
  /** KYC verification level, 1 to 3 (MiMo's levels I, II and III). */
  kycLevel: 1 | 2 | 3;
  photoUrl: string;
}

const DEFAULT_PHOTO_URL = '/images/thumb_default.png';

export const TEST_CUSTOMERS: readonly TestCustomer[] = Object.freeze([
  {
    id: 1,
    username: 'chioma.okafor',
    pin: '1234',
    balanceKobo: 500_000_000,
    firstName: 'Chioma',
    middleName: 'Adaora',
    surname: 'Okafor',
    email: 'chioma.okafor@example.com',
    accountNumber: '2010119701',
    accountType: 'personal',
    kycLevel: 3,
    photoUrl: DEFAULT_PHOTO_URL,
  },
  {
    id: 2,
    username: 'emeka.obi',
    pin: '1234',
    balanceKobo: 200_000,
    firstName: 'Emeka',
    middleName: null,
    surname: 'Obi',
    email: 'emeka.obi@example.com',
    accountNumber: '2010119702',
    accountType: 'personal',
    kycLevel: 1,
    photoUrl: DEFAULT_PHOTO_URL,
  },
  {
    id: 3,
    username: 'bola.adeyemi',
    pin: '4321',
    balanceKobo: 25_000_000,
    firstName: 'Bola',
    middleName: 'Oluwaseun',
    surname: 'Adeyemi',
    email: 'bola.adeyemi@example.com',
    accountNumber: '2010119703',
    accountType: 'personal',
    kycLevel: 2,
    photoUrl: DEFAULT_PHOTO_URL,
  },
]);

export function findTestCustomer(username: string): TestCustomer | undefined {
  return TEST_CUSTOMERS.find((customer) => customer.username === username);
}

/** A client application registered with the sandbox, with the merchant that owns it. */
export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  merchantName: string;
}

export const DEFAULT_CLIENT: SandboxClient = Object.freeze({
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  merchantName: 'Adaeze Fabrics Ltd',
});

/** The MiMo merchant account behind a client, as it appears as a transfer's destination. */
export interface MerchantAccount {
  id: number;
  username: string;
  companyName: string;
  firstName: string;
  middleName: null;
  surname: string;
  email: string;
  accountNumber: string;
  accountType: 'merchant';
  photoUrl: string;
}

/**
 * Derives a stable merchant account from the client's position in the client list.
 * The contact person's name is a placeholder because clients are configured with a
 * company name only.
 */
export function merchantAccountFor(client: SandboxClient, index: number): MerchantAccount {
  const slug = client.merchantName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const username = slug === '' ? `merchant_${index + 1}` : slug;
  return {
    id: 1001 + index,
    username,
    companyName: client.merchantName,
    firstName: 'Sandbox',
    middleName: null,
    surname: 'Merchant',
    email: `${username}@example.com`,
    accountNumber: `30${String(index + 1).padStart(8, '0')}`,
    accountType: 'merchant',
    photoUrl: DEFAULT_PHOTO_URL,
  };
}
