import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const cartShippingAddressUpdate: MutationResolvers['cartShippingAddressUpdate'] = async (
  _root,
  { input },
  ctx,
) => payload('cart', await ctx.carts.updateCartShippingAddress(input));
