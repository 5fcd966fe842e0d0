import { cursorPart, keysetConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { ZoneRow } from '../db/schema';
import { countZones, zonePage } from '../db/zones.store';

/** shippingZones: every zone, oldest first (UUIDv7 ids: id order is creation order), keyset-paged both ways. */
export const listZones = (db: Executor, args: PageArgs): Promise<Connection<ZoneRow>> =>
  keysetConnection(args, {
    cursorLength: 2,
    decode: (values) => cursorPart.uuid(cursorPart.tagged(values, 'zones')[0]),
    encode: (row) => ['zones', row.id],
    fetch: (page) => zonePage(db, page),
    count: () => countZones(db),
  });
