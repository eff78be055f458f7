/**
 * Labels in the other languages claimants and staff write in, beside English and Spanish: Vietnamese,
 * Tagalog and Haitian Creole, and the first-person Spanish of claimants' mail. Words are written as the
 * plain view reads them (accents and tone marks dropped: "lương" → "luong", "fèt" → "fet").
 * Sources: SSA's translated publications (Vietnamese "Số An Sinh Xã Hội", Kreyòl "Nimewo Sekirite
 * Sosyal"), state UI agencies' translated claimant handbooks and notices (Vietnamese "trợ cấp thất
 * nghiệp", Kreyòl "alokasyon chomaj", Tagalog "benepisyo"), USCIS multilingual forms (Vietnamese
 * "ngày sinh", Tagalog "petsa ng kapanganakan", Kreyòl "dat nesans").
 */
import type { Phrase } from './categories';
import { C, P } from './categories';

export const LANGUAGE_LABELS: Phrase[] = [
  // Social Security number: Vietnamese, Kreyòl; Tagalog speakers name the US number by the Philippine
  // Social Security System's initials ("SSS ko po dito sa US").
  ...P(C.SSN, 'so an sinh xa hoi', 'an sinh xa hoi', 'sekirite sosyal', 'nimewo sekirite sosyal', 'sss'),
  // "sosyal mwen: 214-66" (Kreyòl "my social"): like "social", a label only before a value.
  { words: ['sosyal'], mask: C.SSN, tail: /\s*(?:mwen\s*)?(?:[:#=]|(?:se|is)\s+(?=\d))/y },
  // Bank account: Vietnamese "số tài khoản", Kreyòl "kont labank", Portuguese "número da conta",
  // "conta corrente", "conta poupança"; routing: Portuguese "número de roteamento", "rota".
  ...P(C.ACCOUNT, 'tai khoan', 'so tai khoan', 'conta', 'numero da conta'),
  ...P(C.BANK, 'conta corrente', 'conta poupanca', 'conta bancaria'),
  ...P(C.ROUTING, 'numero de roteamento', 'roteamento', 'rota'),
  ...P(C.BANK, 'kont labank', 'kont bank'),
  // Birth: Vietnamese "ngày sinh", Kreyòl "fèt" (born) and "dat nesans", Tagalog "kapanganakan";
  // Spanish plurals ("nacidos el 7 de febrero de 2016") and the short form "fecha de nac.".
  ...P(C.DOB, 'ngay sinh', 'fet', 'dat nesans', 'kapanganakan', 'petsa ng kapanganakan', 'nacidos', 'nacidas', 'fecha de nac', 'nacio el', 'nacio'),
  // Portuguese "nasci em", "data de nascimento"; Polish "data urodzenia"; Russian transliterated "data rozhdeniya".
  ...P(C.DOB, 'nasci em', 'nasci', 'nascida em', 'nascido em', 'data de nascimento', 'data urodzenia', 'data rozhdeniya'),
  // Pay: Vietnamese "lương", Tagalog "sahod", "sweldo"; Spanish first person "gané", "gano".
  ...P(C.WAGE, 'luong', 'tien luong', 'sahod', 'sweldo', 'suweldo', 'gane', 'gano', 'ganhava', 'ganho', 'ganha', 'zarobki'),
  // Benefits: Vietnamese "trợ cấp thất nghiệp", Kreyòl "chomaj" and "peman an plis" (a payment too
  // many: an overpayment), Tagalog "benepisyo"; Spanish "me pagaron de más" (overpaid).
  ...P(
    C.BENEFIT,
    'tro cap that nghiep',
    'tro cap',
    'chomaj',
    'alokasyon chomaj',
    'benefis chomaj',
    'peman an plis',
    'benepisyo',
    'pagaron de mas',
    'me pagaron de mas',
    // Portuguese "seguro-desemprego", "benefício"; Russian transliterated "posobie".
    'seguro desemprego',
    'posobie',
  ),
];
