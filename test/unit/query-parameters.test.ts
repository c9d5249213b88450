import * as z from 'zod/mini';
import { jsonParameter } from '../../lambda/shared/domain/query-parameters';
import { describeIssues } from '../../lambda/shared/http/middleware/validate-request';

describe('jsonParameter', () => {
  // z.unknown() accepts whatever the parameter's transform lets through, even undefined.
  const query = z.strictObject({ options: jsonParameter('options', z.unknown()) });

  it('hands the parsed JSON to the schema', () => {
    expect(z.parse(query, { options: '{"limit":5}' })).toEqual({ options: { limit: 5 } });
    expect(z.parse(query, { options: '[1,"two",null]' })).toEqual({ options: [1, 'two', null] });
  });

  it.each(['not json', '{', "{'limit':5}", '{"limit":5', ''])('refuses %j, which is not JSON, naming the parameter', (options) => {
    const result = z.safeParse(query, { options });
    expect(result.success).toBe(false);
    expect(describeIssues('query', result.error!.issues)).toBe('query.options: options must be a JSON object');
  });
});
