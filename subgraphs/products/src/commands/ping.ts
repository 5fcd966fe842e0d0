import type { CommandHandler } from '@shop/bus';

/** `products.ping`: proves the products service answers commands. */
export const handlePing = (): CommandHandler<'products.ping'> => async (request) => ({
  echo: request.echo,
  at: new Date().toISOString(),
});
