import type { AuthorizerContext } from '../../lambda/shared/auth/authorizer-context';
import { callerOf, scopesOf } from '../../lambda/shared/http/authorized-event';

const withContext = (lambda: Partial<AuthorizerContext>) => ({ requestContext: { authorizer: { lambda } } }) as never;

describe('callerOf', () => {
  it('takes the tenant, subject and scopes from the authorizer’s context', () => {
    expect(callerOf(withContext({ tenantId: 'tenant-a', subject: 'client-1', scopes: 'dnc/write dnc/read' }))).toEqual({
      tenantId: 'tenant-a',
      subject: 'client-1',
      scopes: ['dnc/write', 'dnc/read'],
    });
  });

  it('grants no scopes when the context carries none', () => {
    expect(callerOf(withContext({ tenantId: 'tenant-a', subject: 'client-1' })).scopes).toEqual([]);
  });
});

describe('scopesOf', () => {
  it.each([
    ['no request context', {}],
    ['no authorizer', { requestContext: {} }],
    ['no authorizer context', { requestContext: { authorizer: {} } }],
    ['a context without scopes', { requestContext: { authorizer: { lambda: { tenantId: 'tenant-a' } } } }],
  ])('answers no scopes for an event with %s', (_case, event) => {
    expect(scopesOf(event as never)).toEqual([]);
  });
});
