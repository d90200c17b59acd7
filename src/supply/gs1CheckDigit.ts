/**
 * The GS1 mod-10 check digit of a key's digits without the check digit (GS1 General Specifications §7.9.1): weights
 * 3, 1, 3, … from the rightmost digit. Shared by every GS1 key: GTIN, GLN, SSCC. The caller checks the digits.
 */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  let weight = 3;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += (digits.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}
