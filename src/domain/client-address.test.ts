import { describe, expect, it } from 'vitest';
import { limitedAddress } from './client-address.js';

describe('the address a limit counts by', () => {
  it('is an IPv4 address as it is, and an IPv6 address by its /64', () => {
    expect(limitedAddress('198.51.100.7')).toBe('198.51.100.7');
    expect(limitedAddress('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(limitedAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(limitedAddress('2001:DB8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(limitedAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(limitedAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
