import { describe, expect, it } from 'vitest';
import { redact } from '../redact';
import { found } from './helpers.test-util';

describe('claimants and staff writing in Vietnamese, Tagalog, Haitian Creole and Spanish', () => {
  it.each([
    ['a Vietnamese letter: SSN, weekly benefit, birth date', 'Số An Sinh Xã Hội của tôi là 603-21-4478. Tiền trợ cấp thất nghiệp hàng tuần là $296. Ngày sinh: 04/11/1971.',
      [['ssn', '603-21-4478'], ['ui_benefit', '$296'], ['dob', '04/11/1971']]],
    ['Vietnamese pay and a bank account', 'Lương của tôi là $15 mỗi giờ. Số tài khoản 5502917734.', [['wage', '$15'], ['bank_account', '5502917734']]],
    ['Tagalog: the US number after "SSS", the polite "po" between', 'Ako po si Rey Dizon, SSS ko po ay 604118273. Ang sahod ko po ay $3,100 kada buwan.',
      [['ssn', '604118273'], ['wage', '$3,100']]],
    ['a Tagalog month in a birth date', 'Kapanganakan: 9 Hulyo 1980', [['dob', '9 Hulyo 1980']]],
    ['Kreyòl: benefits in dola, a birth month', 'Alokasyon chomaj mwen se 312 dola chak semèn. Mwen fèt 3 jen 1979.', [['ui_benefit', '312'], ['dob', '3 jen 1979']]],
    ['Kreyòl: an overpayment said after its amount', 'Yo di mwen dwe 1,406 dola pou yon peman an plis.', [['ui_benefit', '1,406']]],
    ['Spanish: amounts in dólares after first-person verbs', 'Mi beneficio semanal es de 388 dólares. Gané 240 dólares esa semana.', [['ui_benefit', '388'], ['wage', '240']]],
    ['Spanish: children born on dates in words', 'Mis hijos, nacidos el 2 de marzo de 2014 y el 19 de agosto de 2017.', [['dob', '2 de marzo de 2014'], ['dob', '19 de agosto de 2017']]],
  ])('%s', (_why, text, want) => expect(found(text)).toEqual(want));

  it('reads a Kreyòl SSN typed over two messages after "sosyal", and masks both pieces', () => {
    const text = '[09:14] sosyal mwen: 605-33\n[09:14] 8812';
    expect(found(text)).toEqual([['ssn', '605-33'], ['ssn', '8812']]);
    expect(redact(text).text).not.toContain('605');
  });

  it.each([
    ['"po" as a purchase order', 'PO 4501234567 shipped on 3/4.'],
    ['"me" and "out" outside a birth date', 'Call me 12 out of 2025 tries.'],
    ['a currency word after a price', 'The tablet cost 240 dólares.'],
  ])('%s: nothing', (_why, text) => expect(found(text)).toEqual([]));
});

describe('banking labels in Portuguese, Korean, Arabic and Chinese', () => {
  it.each([
    ['Portuguese', 'Número de roteamento bancário: 074149764   Número da conta: 0021933045   [X] Conta corrente', [['routing_number', '074149764'], ['bank_account', '0021933045']]],
    ['Korean', '새 라우팅 번호 088532260, 계좌번호 5520193347.', [['routing_number', '088532260'], ['bank_account', '5520193347']]],
    ['Arabic', 'أريد تغيير الحساب البنكي. رقم التوجيه: 084342302 رقم الحساب: 4410987723.', [['routing_number', '084342302'], ['bank_account', '4410987723']]],
    ['Chinese', '路由号码: 088532260 账号: 5520193347', [['routing_number', '088532260'], ['bank_account', '5520193347']]],
  ])('%s', (_why, text, want) => expect(found(text)).toEqual(want));

  it('a number after a routing label that fails the ABA check is no routing number', () => {
    expect(found('라우팅 번호 123456789')).toEqual([]);
  });
});

describe('benefit amounts in Korean, Chinese, Russian, Arabic and Portuguese messages', () => {
  it.each([
    ['Korean', '실업수당 주당 398달러 받고 있는데', [['ui_benefit', '398']]],
    ['Chinese', '我每周失业金是376美元，但是', [['ui_benefit', '376']]],
    ['Russian', 'Моё пособие по безработице — 415 долларов в неделю', [['ui_benefit', '415']]],
    ['Arabic', 'إعانة البطالة الأسبوعية 455 دولاراً، ولم', [['ui_benefit', '455']]],
    ['Portuguese', 'Recebi o seguro-desemprego de 392,00 dólares por semana até março.', [['ui_benefit', '392,00']]],
  ])('%s', (_why, text, want) => expect(found(text)).toEqual(want));

  it.each([
    ['an Arabic FAQ\'s maximum', 'الأسئلة الشائعة: الحد الأقصى لإعانة البطالة الأسبوعية هو 640 دولاراً.'],
    ['a Chinese statistic: a count of people and an average', '初次申请失业金人数为1,842人，平均每周失业金为452美元。'],
  ])('%s: no one\'s amount', (_why, text) => expect(found(text)).toEqual([]));

  it('a Cyrillic letter inside a Russian word stays a letter; beside digits it reads as the 3 it mimics', () => {
    expect(found('пособие по безработице')).toEqual([]);
    expect(found('SSN 5З6-22-1874')).toEqual([['ssn', '5З6-22-1874']]);
  });
});

describe('a benefit amount a claimant writes without "$", a verb or two after its label', () => {
  it.each([
    ['"would be"', 'She was told her weekly benefit amount would be 483 but has received nothing.', [['ui_benefit', '483']]],
    ['a redetermination from one to another', 'WBA redetermined from 298 to 457.', [['ui_benefit', '298'], ['ui_benefit', '457']]],
    ['"my WBA is"', 'I filed for unemployment and my WBA is 324 but I need that paycheck.', [['ui_benefit', '324']]],
  ])('%s', (_why, text, want) => expect(found(text)).toEqual(want));

  it.each([
    ['a year after the label', 'The WBA rules changed in 2019 for 26 weeks.'],
    ['hours under a wage column on the next line', 'Emp SSN         Hours worked   Wages this week\n017-44-3906     32             $892.80'],
    ['a factor of a product', 'An employee who works 45 hours earns 40 × $20.00 plus overtime.'],
  ])('%s: no amount', (_why, text) => expect(found(text).filter(([t, v]) => (t === 'wage' || t === 'ui_benefit') && !v.includes('$'))).toEqual([]));
});

describe('pay in claimants\' own words and number formats', () => {
  it.each([
    ['Spanish: a decimal comma before "la hora"', 'Trabajé en la empacadora y ganaba 17,20 la hora.', [['wage', '17,20']]],
    ['Spanish: thousands by points before a currency word', 'Antes ganaba 52.000 dólares al año.', [['wage', '52.000']]],
    ['Portuguese: "ganhava … por hora"', 'Eu ganhava 19,50 por hora na construtora.', [['wage', '19,50']]],
    ['Chinese: an hourly wage and tips', '关于员工李强：时薪12美元，每周小费约150美元。', [['wage', '12'], ['wage', '150']]],
  ])('%s', (_why, text, want) => expect(found(text)).toEqual(want));
});

describe('birth dates in Portuguese, Polish, Chinese and Korean', () => {
  it.each([
    ['Portuguese "nasci em"', 'meu número é 206-48-1173 e nasci em 14/06/1988.', [['ssn', '206-48-1173'], ['dob', '14/06/1988']]],
    ['Polish "data urodzenia"', 'Data urodzenia: 12.01.1975.', [['dob', '12.01.1975']]],
    ['Chinese, year-month-day', '出生日期1985年7月22日。', [['dob', '1985年7月22日']]],
    ['Korean, year-month-day', '생년월일 1962년 10월 3일', [['dob', '1962년 10월 3일']]],
  ])('%s', (_why, text, want) => expect(found(text)).toEqual(want));
});
