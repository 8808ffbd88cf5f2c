import { describe, expect, it } from 'vitest';
import { senderOf } from '../../schema/core/network-address.ts';

/** Issue 22.9: the sender an address stands for in the opinion form's limits. */
describe('senderOf', () => {
  it.each([
    // One home's /64 however its address is written (RFC 5952 short form, zeros, case, a zone, temporary addresses).
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:abcd:ef01:2345:6789', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:0:0:0:ffff', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    // NAT64 (RFC 6052): a trailing dotted part is two groups.
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    // IPv4, also written as IPv6: each address one sender.
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::ffff:c000:201', '192.0.2.1'],
    // Not an address: unchanged, one sender still.
    ['2001:db8::1::2', '2001:db8::1::2'],
    ['2001:db8:1:2:3:4:5:6:7', '2001:db8:1:2:3:4:5:6:7'],
    ['gggg::1', 'gggg::1'],
  ])('%s counts as %s', (address, sender) => {
    expect(senderOf(address)).toBe(sender);
  });

  it('keeps neighbouring /64s apart', () => {
    expect(senderOf('2001:db8:1:2::1')).not.toBe(senderOf('2001:db8:1:3::1'));
  });
});
