import {
  staff,
  commandCaller,
  startTestSubgraphWithDeps,
  type CommandCaller,
  USER_ERRORS,
  type Caller,
  type TestSubgraph,
  type TestSubgraphWithDeps,
  type UserErrorBody,
} from '@shop/testing';
import { shippingDepsOf } from '../src/context';
import type { ShippingDeps } from '../src/domain/deps';
import { shippingSettingsFromEnv, type ShippingSettings } from '../src/domain/settings';
import { createShippingSubgraph } from '../src/service';

/** Shipping's own test pieces: the subgraph on the shared harness, `shipping.quote` over the bus, and config helpers. */

export interface ShippingHarness extends TestSubgraphWithDeps<ShippingDeps> {
  /** `shipping.quote` over the bus, as orders calls it. */
  quote: CommandCaller<'shipping.quote'>;
}

/** The test carrier's webhook secret in these tests. */
export const TEST_WEBHOOK_SECRET = 'shipping-test-webhook-secret';

export async function startShippingHarness(
  label: string,
  options: { background?: boolean; settings?: ShippingSettings } = {},
): Promise<ShippingHarness> {
  const settings =
    options.settings ?? shippingSettingsFromEnv({ SHIPPING_TEST_CARRIER_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET });
  const h = await startTestSubgraphWithDeps(
    createShippingSubgraph({ settings }),
    (deps) => shippingDepsOf(deps, settings),
    { label, background: options.background },
  );
  return { ...h, quote: commandCaller(h.subgraph.deps.bus, 'shipping.quote') };
}

/** Staff with `shipping:manage`. */
export const MANAGER: Caller = staff(['shipping:manage']);

export interface Payload<K extends string, T> {
  data: { [P in K]: T | null };
  userErrors: UserErrorBody[];
}

const mutate = async <T>(
  h: TestSubgraph,
  field: string,
  inputType: string,
  selection: string,
  input: Record<string, unknown>,
  caller: Caller = MANAGER,
): Promise<T> => {
  const data = await h.data<Record<string, T>>(
    `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${selection} ${USER_ERRORS} } }`,
    { input },
    caller,
  );
  return data[field]!;
};

export type ZonePayload = {
  shippingZone: { id: string; name: string; countries: string[] } | null;
  userErrors: UserErrorBody[];
};
export type MethodPayload = { shippingMethod: { id: string; name: string } | null; userErrors: UserErrorBody[] };
export type RatePayload = {
  shippingRate: { id: string; price: { amount: string; currencyCode: string } } | null;
  userErrors: UserErrorBody[];
};

export const zoneCreate = (h: TestSubgraph, input: Record<string, unknown>, caller?: Caller) =>
  mutate<ZonePayload>(
    h,
    'shippingZoneCreate',
    'ShippingZoneCreateInput',
    'shippingZone { id name countries }',
    input,
    caller,
  );

export const methodCreate = (h: TestSubgraph, input: Record<string, unknown>, caller?: Caller) =>
  mutate<MethodPayload>(
    h,
    'shippingMethodCreate',
    'ShippingMethodCreateInput',
    'shippingMethod { id name }',
    input,
    caller,
  );

export const rateCreate = (h: TestSubgraph, input: Record<string, unknown>, caller?: Caller) =>
  mutate<RatePayload>(
    h,
    'shippingRateCreate',
    'ShippingRateCreateInput',
    'shippingRate { id price { amount currencyCode } }',
    input,
    caller,
  );

export { mutate };

/** Creates a zone and returns its global ID, failing the test on userErrors. */
export async function zoneOf(h: TestSubgraph, input: Record<string, unknown>): Promise<string> {
  const created = await zoneCreate(h, input);
  if (!created.shippingZone) throw new Error(JSON.stringify(created.userErrors));
  return created.shippingZone.id;
}

export async function methodOf(h: TestSubgraph, input: Record<string, unknown>): Promise<string> {
  const created = await methodCreate(h, input);
  if (!created.shippingMethod) throw new Error(JSON.stringify(created.userErrors));
  return created.shippingMethod.id;
}

export async function rateOf(h: TestSubgraph, input: Record<string, unknown>): Promise<string> {
  const created = await rateCreate(h, input);
  if (!created.shippingRate) throw new Error(JSON.stringify(created.userErrors));
  return created.shippingRate.id;
}

export const money = (amount: string, currencyCode: string) => ({ amount, currencyCode });
