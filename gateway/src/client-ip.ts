import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { headerValue } from '@shop/server';

/**
 * The address a request's cost budget and sign-in throttling are keyed by. Behind a proxy (`trustProxy`), it is the
 * LAST `X-Forwarded-For` hop: proxies append the address they saw, so every hop before it is whatever the client
 * chose to send, and keying by the first one let a client take a fresh budget per request. A last hop that is not
 * an IP address (a misconfigured proxy) is not trusted either: the socket address is used.
 */
export function clientIpOf(req: IncomingMessage, trustProxy: boolean): string | undefined {
  const socketAddress = req.socket.remoteAddress || undefined;
  if (!trustProxy) return socketAddress;
  const last = headerValue(req.headers, 'x-forwarded-for')?.split(',').at(-1)?.trim();
  return last && isIP(last) ? last : socketAddress;
}
