/** Which mail servers may relay through the gateway without a token: address ranges (CIDR). */
import { BlockList, isIP } from 'node:net';

export interface AllowList {
  allows(address: string): boolean;
}

/** "127.0.0.1/32,10.0.0.0/8,::1/128" → the list, or the first entry that is not a range. */
export function parseAllowList(list: string): AllowList | string {
  const blocks = new BlockList();
  for (const entry of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [net, bits] = entry.split('/');
    const family = isIP(net ?? '');
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) return `not an address range: ${entry}`;
    blocks.addSubnet(net!, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return {
    allows(address: string) {
      // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
      const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
      const family = isIP(plain);
      return family !== 0 && blocks.check(plain, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
