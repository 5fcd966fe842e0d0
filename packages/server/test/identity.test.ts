import { actorOf, identityHasPermission, type Identity } from '../src/identity';

const customer: Identity = { kind: 'user', userId: 'u-1', sessionId: 's', staff: false, permissions: [] };
const staff: Identity = { kind: 'user', userId: 'u-2', sessionId: 's', staff: true, permissions: ['catalog:write'] };

describe('identity', () => {
  it('names the actor of a request: the user as customer or staff, nobody when anonymous', () => {
    expect(actorOf(customer)).toEqual({ kind: 'user', id: 'u-1' });
    expect(actorOf(staff)).toEqual({ kind: 'staff', id: 'u-2' });
    expect(actorOf({ kind: 'anonymous' })).toBeNull();
  });

  it('grants a permission to staff holding it or `*`, never to customers', () => {
    expect(identityHasPermission(staff, 'catalog:write')).toBe(true);
    expect(identityHasPermission(staff, 'users:manage')).toBe(false);
    expect(identityHasPermission({ ...staff, permissions: ['*'] }, 'users:manage')).toBe(true);
    expect(identityHasPermission({ ...customer, permissions: ['catalog:write'] }, 'catalog:write')).toBe(false);
  });
});
