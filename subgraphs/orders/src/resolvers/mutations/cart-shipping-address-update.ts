import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const cartShippingAddressUpdate: MutationResolvers['cartShippingAddressUpdate'] = async (
  _root,
  { input },
  ctx,
) => payload('cart', await ctx.carts.updateCartShippingAddress(input));
