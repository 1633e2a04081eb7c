import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from './csv.ts';
import { parseCsv } from '../testing/csvReader.ts';

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['', ''],
  ])('writes %j as %j', (value, written) => expect(csvField(value)).toBe(written));

  it('writes null as an empty field, numbers and booleans as they print', () => {
    expect(csvRecord([null, 3, true, false])).toBe(',3,true,false\r\n');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField('2024-03-01T10:00:00.000Z')).toBe('2024-03-01T10:00:00.000Z');
  });

  it('reads back as written, whatever the fields hold', () => {
    const records = [
      ['event_id', 'trigger_id'],
      ['e1', 'reg,"7"\r\nnext'],
      ['e2', ''],
    ];
    const text = records.map(csvRecord).join('');
    expect(parseCsv(text)).toEqual(records);
  });
});
