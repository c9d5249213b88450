import { E164_PATTERN, normalizePhoneNumber } from '../../lambda/shared/domain/phone-number';

const e164 = new RegExp(E164_PATTERN);

describe('normalizePhoneNumber', () => {
  describe('accepts E.164 numbers and returns the canonical form', () => {
    it.each([
      ['the contract example', '+1234567890', '+1234567890'],
      ['spaces', '+1 415 555 0123', '+14155550123'],
      ['dashes', '+1-415-555-0123', '+14155550123'],
      ['dots', '+1.415.555.0123', '+14155550123'],
      ['parentheses, spaces and a dash', '+1 (415) 555-0123', '+14155550123'],
      ['a mix of every separator, repeated', '+44 (20)..7946--0958', '+442079460958'],
      ['leading and trailing spaces', ' +14155550123 ', '+14155550123'],
      ['the minimum of 7 digits', '+1234567', '+1234567'],
      ['the maximum of 15 digits', '+123456789012345', '+123456789012345'],
    ])('%s: %j → %j', (_case, input, expected) => {
      const canonical = normalizePhoneNumber(input);
      expect(canonical).toBe(expected);
      expect(canonical).toMatch(e164);
    });
  });

  describe('rejects anything else with undefined', () => {
    it.each([
      ['a missing +', '14155550123'],
      ['letters', '+1415555CALL'],
      ['6 digits, one short of the minimum', '+123456'],
      ['16 digits, one over the maximum', '+1234567890123456'],
      ['a country code starting with 0', '+01234567890'],
      ['the empty string', ''],
      ['only separators', ' -.() '],
      ['a lone +', '+'],
      ['a tab (only space is stripped, not other whitespace)', '+1\t4155550123'],
      ['a non-breaking space', '+1\u00A04155550123'],
      ['a doubled +', '++14155550123'],
      ['a + in the middle', '+1415+5550123'],
      ['a full-width +', '\uFF0B14155550123'],
      ['Arabic-Indic digits', '+١٢٣٤٥٦٧٨'],
      ['full-width digits', '+１４１５５５５０１２３'],
      ['a trailing newline', '+14155550123\n'],
      ['a leading newline', '\n+14155550123'],
      ['a slash separator', '+1/415/555/0123'],
      ['an extension', '+14155550123x12'],
      ['a (0) with no country code before it', '+ (0)20 7946 0958'],
    ])('%s: %j', (_case, input) => {
      expect(normalizePhoneNumber(input)).toBeUndefined();
    });
  });

  describe('drops a parenthesized trunk 0 right after the country code, and only that', () => {
    it.each([
      ['UK with spaces', '+44 (0)20 7946 0958', '+442079460958'],
      ['UK without spaces', '+44(0)2079460958', '+442079460958'],
      ['Germany with a dash', '+49-(0)30-1234567', '+49301234567'],
      ['a one-digit country code', '+7 (0)495 1234567', '+74951234567'],
      ['a three-digit country code', '+353 (0)1 234 5678', '+35312345678'],
      ['a parenthesized country code', '(+44) (0)20 7946 0958', '+442079460958'],
      ['dots around it', '+44.(0).20.7946.0958', '+442079460958'],
      ['several separators before it', '+44 - (0)20 7946 0958', '+442079460958'],
      ['separators before the +', ' -+44 (0)20 7946 0958', '+442079460958'],
      ['four digits before (0) are no country code: kept', '+1234 (0)5678901', '+123405678901'],
      ['Italy writes a real 0 without parentheses: kept', '+39 06 6982 1234', '+390669821234'],
      ['a (0) later in the number is not a trunk prefix: kept', '+44 20 (0)7946 0958', '+4420079460958'],
      ['(01) is an area code, not a trunk prefix: kept', '+44 (01) 234 5678', '+44012345678'],
      ['a ) that closes nothing makes no parenthesized country code: kept', '+6)(0)6016015', '+606016015'],
    ])('%s: %j → %j', (_case, input, expected) => {
      expect(normalizePhoneNumber(input)).toBe(expected);
    });

    it('makes the trunk spelling and the international spelling one entry', () => {
      expect(normalizePhoneNumber('+44 (0)20 7946 0958')).toBe(normalizePhoneNumber('+44 20 7946 0958'));
    });
  });

  it('is idempotent: a canonical number normalizes to itself', () => {
    const canonical = normalizePhoneNumber('+1 (415) 555-0123');
    expect(canonical).toBeDefined();
    expect(normalizePhoneNumber(canonical as string)).toBe(canonical);
  });
});
