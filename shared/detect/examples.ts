/**
 * Positive samples per type, each with the exact value that must be found. They drive the
 * cross-negative test: no sample of one type may produce a finding of any other type.
 */
import type { FindingType } from './types';

export interface Example {
  text: string;
  value: string;
}

export const EXAMPLES: Record<FindingType, Example[]> = {
  ssn: [
    { text: 'Claimant Jane Q Public, SSN 123-45-6789, called today.', value: '123-45-6789' },
    { text: 'SSN: 123456789', value: '123456789' },
    { text: 'social security number 234 56 7890 on the form', value: '234 56 7890' },
    { text: 'Her SS# is 345.67.8901.', value: '345.67.8901' },
    { text: 'ssn=456789012&first=Jane', value: '456789012' },
    { text: 'Please verify 567\u201312\u20133456 for the wage claim.', value: '567\u201312\u20133456' },
    { text: 'Soc. Sec. No. 678\u00a001\u00a02345', value: '678\u00a001\u00a02345' },
  ],
  itin: [
    { text: 'ITIN 912-70-1234 for the applicant', value: '912-70-1234' },
    { text: 'Individual Taxpayer Identification Number: 900950001', value: '900950001' },
    { text: 'taxpayer id 987-65-4321', value: '987-65-4321' },
  ],
  fein: [
    { text: 'Employer FEIN 12-3456789 reported late.', value: '12-3456789' },
    { text: 'EIN: 201234567', value: '201234567' },
    { text: 'Federal Employer Identification Number 98\u20137654321', value: '98\u20137654321' },
  ],
  wage: [
    { text: 'Gross wages for Q3 were $12,345.67.', value: '$12,345.67' },
    { text: 'She earned $18.50 per hour at the warehouse.', value: '$18.50' },
    { text: 'Annual salary: $52,000', value: '$52,000' },
    { text: 'Quarterly wages 8,400.00 reported by the employer', value: '8,400.00' },
  ],
  ui_benefit: [
    { text: 'Weekly benefit amount (WBA) $450', value: '$450' },
    { text: 'Benefits paid to date: $5,400.00', value: '$5,400.00' },
    { text: 'He received $3,200 in unemployment benefits.', value: '$3,200' },
  ],
  dob: [
    { text: 'DOB: 04/12/1985', value: '04/12/1985' },
    { text: 'Date of birth March 5, 1980', value: 'March 5, 1980' },
    { text: 'born on 1979-11-30 in Springfield', value: '1979-11-30' },
  ],
  routing_number: [
    { text: 'Routing number 121000358', value: '121000358' },
    { text: 'ABA 021000021 for the deposit', value: '021000021' },
    { text: 'routing 0711-0130-7', value: '0711-0130-7' },
  ],
  bank_account: [
    { text: 'Checking account number 000123456789', value: '000123456789' },
    { text: 'Direct deposit to acct # 4455667788', value: '4455667788' },
    { text: 'Bank account: 9876-5432-10', value: '9876-5432-10' },
  ],
};
