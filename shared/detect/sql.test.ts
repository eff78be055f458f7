import { describe, expect, it } from 'vitest';
import { redact } from '../redact';
import { found } from './helpers.test-util';


describe('SQL INSERT rows labelled by their column list', () => {
  const sql = "INSERT INTO test_claimants (ssn, name, dob, wba) VALUES\n  ('731-02-4418', 'Gomez, Irene', '1961-10-23', 512.00),\n  ('731-02-5590', 'Lund, Peter', '1988-01-05', 187.00);";

  it('reads every value by its column, a comma inside a quoted name no cell', () => {
    expect(found(sql)).toEqual([
      ['ssn', '731-02-4418'],
      ['dob', '1961-10-23'],
      ['ui_benefit', '512.00'],
      ['ssn', '731-02-5590'],
      ['dob', '1988-01-05'],
      ['ui_benefit', '187.00'],
    ]);
    expect(redact(sql).text).toContain("('***-*2-4418', 'Gomez, Irene'");
  });

  it('reads bare nine digits in an SSN column and nothing in other columns', () => {
    const text = "insert into payments (claim_id, ssn, check_no, amount_note) values (240018822, '412683390', 1044182, 'n/a');";
    expect(found(text)).toEqual([['ssn', '412683390']]);
  });
});
