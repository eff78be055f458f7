import { describe, expect, it } from 'vitest';
import { maskText } from '../mask';
import { detect } from './index';

const found = (text: string) => detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end)]);

describe('a check\'s MICR line', () => {
  it.each([
    ['E-13B symbols as Unicode, the check number first', 'MEMO ____\n⑈1037⑈ ⑆288587345⑆ 5255503491⑈', [['routing_number', '288587345'], ['bank_account', '5255503491']], 'MEMO ____\n⑈1037⑈ ⑆*****7345⑆ ******3491⑈'],
    ['the symbols as OCR reads them (A transit, C on-us)', 'C1074C A024268200A 5912103503C', [['routing_number', '024268200'], ['bank_account', '5912103503']], 'C1074C A*****8200A ******3503C'],
    ['the symbols read as a colon and a quote mark', 'MEMO ____\n:103157245: 73795630945" 1111', [['routing_number', '103157245'], ['bank_account', '73795630945']], 'MEMO ____\n:*****7245: *******0945" 1111'],
    ['OCR read the transit symbols as "|:" and letters for digits', 'VOID VOID VOID\n|:O82OO7O34|: 99l0448S2" 2201', [['routing_number', 'O82OO7O34'], ['bank_account', '99l0448S2']], 'VOID VOID VOID\n|:*****7O34|: *****48S2" 2201'],
    ['a deposit ticket: the account before the serial', '⑆054104965⑆ 93752346320⑈ 0217', [['routing_number', '054104965'], ['bank_account', '93752346320']], '⑆*****4965⑆ *******6320⑈ 0217'],
  ])('%s', (_why, text, expected, masked) => {
    expect(found(text)).toEqual(expected);
    expect(maskText(text).text).toBe(masked);
  });

  it.each([
    ['nine digits between letters that fail the checksum', 'ref A123456789A ok'],
    ['a product code', 'SKU T445566778T size M'],
    ['times and a number between colons that fail the checksum', 'at 10:30:123456789: ok'],
  ])('%s: nothing', (_why, text) => expect(found(text)).toEqual([]));
});

describe('ACH entry detail records (Nacha)', () => {
  const header = '5220ACME PAYROLL SVCS                    1213788957PPDPAYROLL   240614240614   1093953930000001';
  const entry = '622093953931482606058        0000184512EMP000000000001SHERIDAN MAYA           0093953931000001';

  it('routing number, account number and, in a payroll batch, the pay', () => {
    const text = `${header}\n${entry}`;
    expect(found(text)).toEqual([['routing_number', '093953931'], ['bank_account', '482606058'], ['wage', '0000184512']]);
    expect(maskText(text).text.split('\n')[1]).toBe('622*****3931*****6058        0000184512EMP000000000001SHERIDAN MAYA           0093953931000001');
  });

  it('a vendor batch: identifiers, and the amount is no wage', () => {
    const text = `${header.replace('PAYROLL   ', 'VENDOR PMT')}\n${entry}`;
    expect(found(text).map(([t]) => t)).toEqual(['routing_number', 'bank_account']);
  });

  it('a line that only starts like one, failing the checksum, is nothing', () => {
    expect(found('622123456789482606058        0000184512EMP000000000001SHERIDAN MAYA')).toEqual([]);
  });
});
