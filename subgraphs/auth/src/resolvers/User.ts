import type { SessionResolvers, UserResolvers } from '../__generated__/resolvers-types';

export const User: UserResolvers = {
  // auth keeps no profile: any id is a reference whose auth fields are empty for users auth does not know.
  __resolveReference: async (reference) => ({ id: reference.id }),
  sessions: (user, _args, ctx) => ctx.auth.sessionsOf(user.id),
  mfaEnabled: (user, _args, ctx) => ctx.auth.mfaEnabledOf(user.id),
};

export const Session: SessionResolvers = {
  // `node(id:)` reaches this through `_entities`, open to any caller: the session only for its user (and
  // users:manage staff, who may read `User.sessions`), else null.
  __resolveReference: async (reference, ctx) => ctx.auth.sessionReference(reference.id),
  current: (session, _args, ctx) => session.id === ctx.viewer.sessionId,
};
