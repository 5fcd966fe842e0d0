import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const mediaAdd: MutationResolvers['mediaAdd'] = async (_root, { input }, ctx) =>
  payload(await ctx.catalog.addMedia(input), { media: null, product: null });
