import type { CommandHandler } from '@shop/bus';
import type { UsersDeps } from '../domain/deps';
import { registerUser } from '../domain/register-user';

/**
 * `users.register`: the same use case as the `register` mutation (profile, credential, compensation). The
 * caller's idempotency key is kept on the account, so a retried command returns the account it created.
 * Expected refusals come back in `error` with the UsersErrorCode, never as a command failure.
 */
export const handleUsersRegister =
  (deps: UsersDeps): CommandHandler<'users.register'> =>
  async (request) => {
    const result = await registerUser(
      deps,
      { email: request.email, password: request.password, name: request.name },
      { registrationKey: request.idempotencyKey },
    );
    if (result.ok) return { userId: result.value.id, error: null };
    const [first] = result.errors;
    return {
      userId: null,
      error: { code: first?.code ?? 'INVALID', message: first?.message ?? 'Registration failed.' },
    };
  };
