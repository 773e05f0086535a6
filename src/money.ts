/**
 * Naira amounts. Every amount in the program is an integer number of kobo
 * (1 naira = 100 kobo), kept as a safe integer and never as a fractional float.
 * Decimal strings exist only at the edges: user input, MiMo's API and display.
 */

export const KOBO_PER_NAIRA = 100;

export class AmountError extends Error {
  override name = 'AmountError';
}

const decimalPattern = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a plain decimal string with at most two decimals ("980.99", "25000") into kobo.
 * Rejects signs, exponents, grouping separators and more than two decimals.
 */
export function parseDecimalToKobo(text: string): number {
  const match = decimalPattern.exec(text);
  if (!match) {
    throw new AmountError(`"${text}" is not a decimal amount with at most two decimals`);
  }
  const whole = match[1]!;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const kobo = BigInt(whole) * 100n + BigInt(fraction);
  if (kobo > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AmountError(`"${text}" is too large`);
  }
  return Number(kobo);
}

/**
 * Parses a decimal amount as a server may send it ("1000000.0", "980.990", 1000),
 * accepting any number of trailing zeros but no third significant decimal.
 */
export function parseServerAmountToKobo(value: string | number): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) {
    throw new AmountError(`"${text}" is not a decimal amount`);
  }
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) {
    throw new AmountError(`"${text}" has more than two significant decimals`);
  }
  return parseDecimalToKobo(fraction ? `${match[1]}.${fraction}` : match[1]!);
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new AmountError(`${value} is not a non-negative finite amount`);
  }
  // Below about 3.5e13 naira a double still resolves half a kobo, so toFixed(2) gives back
  // the two decimals the number was written with. The comparison rejects a value such as
  // 0.001, which toFixed would round away.
  const fixed = value.toFixed(2);
  if (Number(fixed) !== value) {
    throw new AmountError(`${value} has more than two decimals`);
  }
  return fixed;
}

/** Formats kobo as MiMo's amount parameter: a decimal string with exactly two decimals. */
export function koboToDecimalString(kobo: number): string {
  assertKobo(kobo);
  const naira = Math.trunc(kobo / KOBO_PER_NAIRA);
  const rest = kobo % KOBO_PER_NAIRA;
  return `${naira}.${String(rest).padStart(2, '0')}`;
}

const groupedNaira = new Intl.NumberFormat('en-NG', { maximumFractionDigits: 0, useGrouping: true });

/** Formats kobo for people: ₦1,234.50. */
export function formatNaira(kobo: number): string {
  assertKobo(kobo);
  const naira = Math.trunc(kobo / KOBO_PER_NAIRA);
  const rest = kobo % KOBO_PER_NAIRA;
  return `₦${groupedNaira.format(naira)}.${String(rest).padStart(2, '0')}`;
}

/**
 * Parses an amount typed by a person: "25000", "25,000", "25,000.50", "₦25,000",
 * "NGN 25000". Commas must group thousands correctly. Returns kobo, or throws an
 * AmountError whose message describes the problem in words fit to show that person.
 */
export function parseNairaInput(input: string): number {
  let text = input.trim();
  if (text === '') {
    throw new AmountError('The amount is missing.');
  }
  text = text.replace(/^(?:₦|NGN|N)\s*/i, '');
  if (/^-/.test(text)) {
    throw new AmountError(`The amount "${input}" is negative. Enter an amount above ₦0.`);
  }
  if (/e/i.test(text) && /^[\d.,]+e/i.test(text)) {
    throw new AmountError(`The amount "${input}" uses an exponent. Write the number out, for example 25000.`);
  }
  if (text.includes(',')) {
    if (!/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(text)) {
      throw new AmountError(`The amount "${input}" has misplaced commas. Write it as 25,000 or 25000.`);
    }
    text = text.replace(/,/g, '');
  }
  if (!/^\d+(?:\.\d+)?$/.test(text)) {
    throw new AmountError(`"${input}" is not an amount. Write it as 25000, 25,000.50 or ₦25,000.`);
  }
  if (/\.\d{3,}$/.test(text)) {
    throw new AmountError(`The amount "${input}" has more than two decimals. Naira amounts have at most two (kobo).`);
  }
  const kobo = parseDecimalToKobo(text);
  if (kobo === 0) {
    throw new AmountError('The amount is zero. Enter an amount above ₦0.');
  }
  return kobo;
}

/** Throws unless `kobo` is a non-negative safe integer. */
export function assertKobo(kobo: number): void {
  if (!Number.isSafeInteger(kobo) || kobo < 0) {
    throw new AmountError(`${kobo} is not a whole, non-negative number of kobo`);
  }
}
