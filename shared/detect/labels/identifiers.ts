/**
 * Labels of identifiers: SSN, ITIN, taxpayer and employer IDs, routing and account numbers, in
 * English and Spanish, as staff, forms and employer reports write them. Sources: the Missouri DWD
 * plan and MA WIA 05-76 (SSN, FEIN, account data); IRS Forms W-2, W-7, SS-4 and 1099-G (box labels);
 * Treasury Form SF-1199A and state direct-deposit forms (routing/transit, depositor account).
 */
import type { Phrase } from './categories';
import { C, NUMBER_TAIL, P } from './categories';

export const IDENTIFIER_LABELS: Phrase[] = [
  // "S.S.N." and "S.S. #" are read letter by letter.
  ...P(C.SSN, 'ssn', 'ssns', 'ss', 's s n', 'social security', 'soc sec', 'social sec', 'socsec', 'ssno', 'seguro social', 'numero de seguro social', 'num seguro social'),
  // "claimant social: 536-22-1874", "my social is 018566624": "social" alone names an SSN only as
  // a label, or as the subject of "is".
  { words: ['social'], mask: C.SSN, tail: /\s*(?:#|no\.?|num(?:ber)?)?\s*(?:[:#=]|(?:is|was|es)\s+(?=\d))/y },
  ...P(C.ITIN, 'itin', 'itins', 'individual taxpayer id', 'individual taxpayer identification'),
  ...P(C.TAXID, 'tin', 'tins', 'taxpayer id', 'taxpayer identification', 'tax id', 'taxid', 'tax identification'),
  ...P(
    C.FEIN,
    'fein',
    'feins',
    'ein',
    'eins',
    'fed id',
    'fedid',
    'federal id',
    'federal tax id',
    'federal employer id',
    'federal employer identification',
    'federal identification',
    'employer id',
    'employer identification',
  ),
  // RDFI: the receiving bank of an ACH entry (Nacha), named by its routing number.
  ...P(C.ROUTING, 'routing', 'aba', 'rtn', 'transit', 'ruta bancaria', 'numero de ruta', 'rdfi', 'receiving dfi', 'ruta', 'rt'),
  ...P(
    C.BANK,
    'bank account',
    'bank acct',
    'checking account',
    'checking acct',
    'checking',
    'savings account',
    'savings acct',
    'savings',
    'deposit account',
    'dda',
    'direct deposit',
  ),
  ...P(C.ACCOUNT, 'acct', 'accts'),
  { words: ['account'], mask: C.ACCOUNT, tail: NUMBER_TAIL },
  // "account 123456789012", "Account: 4455667788", "| Account | 77501992 |" (a text table's row): a number right after it;
  // also a key of a JSON body or a multipart part ("account":"4400…", name="account" then the value; RFC 7578).
  // "my account is 440019872": the number after "is" (Spanish "es").
  // A masked number after it ("account ******0000") is still one: masking must not change what the label names.
  // In prose the number may wrap to the next line ("MICR reads routing 118711582, account\n009182447305");
  // a header row's last cell ("…,dd_account") never takes the next row's first value.
  { words: ['account'], mask: C.ACCOUNT, before: /(?:^|[^_,|\t])$/, tail: /["']?[ \t]*(?:[:#=|]|(?:is|es)[ \t])?[ \t]*["']?(?:\r?\n){0,2}[ \t]*(?=[\d*•])/y },
  { words: ['account'], mask: C.ACCOUNT, tail: /["']?[ \t]*(?:[:#=|]|(?:is|es)[ \t])?[ \t]*["']?[ \t]*(?=[\d*•])/y },
  // "Account in entry: 9003381152": a few words, then the colon.
  { words: ['account'], mask: C.ACCOUNT, tail: /(?:[ \t]+[a-z]{2,10}){1,3}[ \t]*:[ \t]*(?=\d)/y },
  ...P(C.ACCOUNT, 'cuenta', 'numero de cuenta', 'cuenta bancaria'),
  { words: ['accounts'], mask: C.ACCOUNT, tail: NUMBER_TAIL },
];

/**
 * Words that say a text is about banking (Nacha Operating Rules' terms; Treasury SF 1199A and state
 * direct-deposit forms; their Spanish editions). A plain "account" number is a bank account only in a
 * text that has one of them; elsewhere it is the employer's, the agency's or a patient's account.
 */
export const BANKING_WORDS = [
  'routing', 'aba', 'rtn', 'transit', 'bank', 'banks', 'banking', 'banco', 'checking', 'savings', 'deposit', 'deposits',
  'ach', 'dda', 'dfi', 'rdfi', 'credit union', 'voided check', 'micr', 'deposito', 'cheques', 'ahorros', 'bancaria', 'chk', 'banco',
  // OCR's readings of "routing" on faxed forms.
  'r0uting', 'rout1ng', 'routinq',
];
