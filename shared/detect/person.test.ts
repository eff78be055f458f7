import { describe, expect, it } from 'vitest';
import { maskText } from '../mask';
import { detect } from './index';

const found = (text: string) => detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end), f.confidence]);

describe('nine bare digits a key, label or address says are a person\'s', () => {
  it.each([
    ['a JSON key', '{"claimantId":"536221874","status":"open"}'],
    ['a form field', 'claimant_id=536221874&week=2024-06-01'],
    ['a label', 'Claimant ID: 536221874'],
    ['an applicant number', 'Applicant No. 536221874'],
    ['a REST path, read as words', 'api claimants 536221874 history'],
    ['a job seeker key', '{"jobSeekerKey": 536221874}'],
  ])('%s: an SSN, medium, masked to its last five', (_why, text) => {
    expect(found(text)).toEqual([['ssn', '536221874', 'medium']]);
    expect(maskText(text).text).toContain('****21874');
  });

  it.each([
    ['a claim number', '{"claimId":"536221874"}'],
    ['a case number', 'Case number: 536221874'],
    ['a claimant ID that is a system number', '{"claimantId":"C-448120"}'],
    ['eight digits', 'Claimant ID: 53622187'],
    ['no valid SSN', 'Claimant ID: 000221874'],
    ['a count after a claimant word', 'claimant count 123456789 this quarter'],
  ])('%s: nothing', (_why, text) => expect(found(text)).toEqual([]));
});
