import { isIP } from 'node:net';

/**
 * The address a limit counts by: IPv4 as it is, IPv6 by its /64, the block one subscriber line gets
 * (counting single IPv6 addresses would give each guesser billions of fresh ones).
 */
export function limitedAddress(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const bare = ip.split('%')[0] ?? ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const [head = '', tail] = bare.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const width = (gs: string[]) => gs.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const [h, t] = [groups(head), groups(tail)];
  const all = [...h, ...Array<string>(Math.max(0, 8 - width(h) - width(t))).fill('0'), ...t];
  return `${all.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`;
}
