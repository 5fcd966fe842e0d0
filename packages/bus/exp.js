const { connect, nanos } = require('@nats-io/transport-node');
const { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } = require('@nats-io/jetstream');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const jsm = await jetstreamManager(nc); const js = jetstream(nc);
  const S = 'EXP' + Date.now();
  await jsm.streams.add({ name: S, subjects: [`${S}.>`], max_age: nanos(1500), storage: 'file' });
  const mk = async (d, f) => jsm.consumers.add(S, { durable_name: d, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: f, ack_wait: nanos(30000), max_deliver: -1 });
  await mk('online', `${S}.a.>`);   // online, acks everything; non-matching published
  await mk('offnm', `${S}.a.>`);    // offline, only non-matching discarded
  await mk('offm', `${S}.b.>`);     // offline, matching discarded
  await mk('unacked', `${S}.c.>`);  // gets one, never acks
  const c = await js.consumers.get(S, 'online');
  const msgs = await c.consume({ max_messages: 4 });
  (async () => { for await (const m of msgs) m.ack(); })();
  const u = await js.consumers.get(S, 'unacked');
  const um = await u.fetch({ max_messages: 1, expires: 2000 });
  await js.publish(`${S}.a.1`, 'x');
  await js.publish(`${S}.c.1`, 'x');
  for await (const m of um) { console.log('unacked got', m.seq); }
  for (let i = 0; i < 3; i++) await js.publish(`${S}.b.${i}`, 'x');
  await sleep(500);
  const show = async (label) => {
    const si = await jsm.streams.info(S);
    console.log(label, 'stream first', si.state.first_seq, 'last', si.state.last_seq, 'msgs', si.state.messages, si.state.first_ts);
    for (const d of ['online', 'offnm', 'offm', 'unacked']) {
      const ci = await jsm.consumers.info(S, d);
      console.log(' ', d, 'pend', ci.num_pending, 'ackp', ci.num_ack_pending, 'deliv', JSON.stringify(ci.delivered), 'floor', JSON.stringify(ci.ack_floor), 'redel', ci.num_redelivered);
    }
  };
  await show('before');
  await sleep(2500);
  await js.publish(`${S}.z.1`, 'x');
  await show('after expiry');
  await sleep(1000);
  await show('later');
  await msgs.close();
  await jsm.streams.delete(S);
  await nc.close();
})();
