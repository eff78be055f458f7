/**
 * Dates. A date is a finding only when tied to birth words or a DOB field; the shape
 * check here only rejects things that cannot be calendar dates.
 */
export function isPlausibleDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Gregorian leap years; a two-digit year ("85") is read as 19xx/20xx, where every fourth is one.
  const leap = year < 100 ? year % 4 === 0 : (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days && year >= 0 && year <= 2199;
}

/**
 * Month names and their abbreviations, English and Spanish (enero, abril, agosto, diciembre,
 * setiembre; the others share their first three letters with English): "15 de marzo de 1993";
 * Tagalog (Pebrero, Hunyo, Hulyo, Oktubre, Nobyembre, Disyembre) and Haitian Creole (fevriye, avril,
 * jiyè, oktòb, desanm; "me", "mas", "jen" and "out" as whole words): "23 Hunyo 1978", "12 me 1984".
 */
export const MONTHS =
  '(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|ene|abr|ago|dic|set|peb|hun|hul|okt|nob|dis|fev|avr|jiy|des)[a-z]*|(?:me|mas|jen|out)(?![a-z]))';

/** Month-name dates ending right before a year: "March 5, " / "5 Mar " / "Sept. 12th, " / "2 de julio de ". */
export const MONTH_DAY_BEFORE_YEAR = new RegExp(
  `(?:${MONTHS}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+|de\\s+)?${MONTHS}\\.?,?(?:\\s+de(?:l)?)?)\\s+$`,
  'i',
);

/** A numeric date or a year between a birth keyword and a candidate date: the keyword is not ours. */
export const DATE_IN_BETWEEN = /\d{1,4}[/.\-–]\d{1,2}[/.\-–]\d{2,4}|(?<!\d)(?:19|20)\d\d(?!\d)/;
