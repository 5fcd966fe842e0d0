import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const mfaEnroll: MutationResolvers['mfaEnroll'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.enrollMfa(input), { secret: null, otpauthUri: null });
