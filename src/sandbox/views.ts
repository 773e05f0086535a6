/** JSON bodies of the sandbox's responses, in the field order of MiMo's documentation. */
import { koboToDecimalString } from '../money.js';
import { formatLagosDateTime } from './clock.js';
import { findTestCustomer, type MerchantAccount, type TestCustomer } from './customers.js';
import type { SandboxState, Transaction } from './state.js';

/**
 * Formats kobo the way MiMo's transaction details send amounts: at least one decimal,
 * without a trailing zero in the kobo ("25000.5", "1000000.0", "980.99").
 */
export function formatServerAmount(kobo: number): string {
  const text = koboToDecimalString(kobo);
  return text.endsWith('0') ? text.slice(0, -1) : text;
}

function accountJson(account: TestCustomer | MerchantAccount) {
  return {
    account_type: account.accountType,
    company_name: account.accountType === 'merchant' ? account.companyName : '',
    first_name: account.firstName,
    id: account.id,
    middle_name: account.middleName,
    surname: account.surname,
    username: account.username,
    photo_url: account.photoUrl,
    email: account.email,
    account_number: account.accountNumber,
  };
}

function destinationAccount(state: SandboxState, transaction: Transaction): TestCustomer | MerchantAccount {
  const destination = transaction.destination;
  if (destination.kind === 'merchant') {
    return state.getClient(destination.clientId).merchant;
  }
  const customer = findTestCustomer(destination.username);
  if (!customer) {
    throw new Error(`Transaction ${transaction.id} has unknown destination "${destination.username}".`);
  }
  return customer;
}

// NOTE: MiMo documents only "Money In" as a transaction type. "Refund" for refund
// transactions is this sandbox's own choice.
export function transactionDetailsJson(state: SandboxState, transaction: Transaction) {
  return {
    id: transaction.id,
    datetime: formatLagosDateTime(transaction.createdAtMs),
    type: transaction.type === 'transfer' ? 'Money In' : 'Refund',
    destination: accountJson(destinationAccount(state, transaction)),
    amount: formatServerAmount(transaction.amountKobo),
    notes: transaction.notes,
    status: transaction.status,
  };
}

export function profileJson(customer: TestCustomer) {
  return {
    account_number: customer.accountNumber,
    account_type: customer.accountType,
    company_name: '',
    first_name: customer.firstName,
    id: customer.id,
    middle_name: customer.middleName,
    surname: customer.surname,
    username: customer.username,
    photo_url: customer.photoUrl,
    email: customer.email,
    level: customer.kycLevel,
  };
}

/** Formats a transaction for the test controls, with amounts both as decimal strings and in kobo. */
export function controlTransactionJson(state: SandboxState, transaction: Transaction) {
  const destination = destinationAccount(state, transaction);
  return {
    id: transaction.id,
    type: transaction.type,
    status: transaction.status,
    amount: koboToDecimalString(transaction.amountKobo),
    amountKobo: transaction.amountKobo,
    refundedKobo: transaction.refundedKobo,
    originalTransactionId: transaction.originalTransactionId,
    notes: transaction.notes,
    clientId: transaction.clientId,
    username: transaction.payerUsername,
    destinationUsername: destination.username,
    createdAt: formatLagosDateTime(transaction.createdAtMs),
  };
}
