import { detect } from './shared/detect/index';
const rec = (s: string, n: number) => s.padEnd(n, ' ');
const rw = rec('RW536221874JANE           Q              PUBLIC', 187) + '00005234567' + '00000012345' + '00005234567';
const cases = ['SSN 536 22-1874', 'SSN 536-221874', 'SSN 536 - 22 - 1874', 'SSN: 5 3 6 2 2 1 8 7 4', 'SSN 536 221 874', 'SSN 536/22/1874', 'SSN 536_22_1874', 'SSN\t536\t22\t1874', 'SSN 536-22-\n1874', 'SSN536221874', 'SSN 536-22-1874/412-68-3390',
 'SSN 536-22-l874', 'SSN 4O1-22-1874', 'SSN 536-2Z-1874', 'SSN З36-22-1874', 'S5N 536-22-1874', 'SSN: (573) 555-0100', 'SSN last 4: 1874', 'EIN 46 1234567', 'EIN 46.1234567', 'WBA: 450', 'ITIN 912 70 1234',
 rw, 'S536221874PUBLIC              JANE        Q24                  00000000523456', 'E2024123456789      ACME', 'RE2024 461234567' + ' '.repeat(100)];
for (const t of cases) console.log(JSON.stringify(t.slice(0, 60)), detect(t).map(f => `${f.type}:${t.slice(f.start, f.end)}:${f.confidence}`));
