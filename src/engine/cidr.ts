/**
 * IP addresses and CIDR networks, IPv4 and IPv6, as 128-bit numbers (IPv4 in its own 32-bit space: an IPv4
 * network matches IPv4 addresses and IPv4-mapped IPv6 addresses `::ffff:a.b.c.d`, nothing else).
 * A network written without a prefix length is one address (/32 or /128), as EQL's cidrMatch accepts it.
 */
import { EngineError } from './errors.js';

interface Address {
  v6: boolean;
  value: bigint;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(input: string): bigint | undefined {
  let text = input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  // An embedded IPv4 address (::ffff:1.2.3.4) stands for the last two groups: rewrite it as hex groups.
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const rest = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !rest) return undefined;
  const explicit = head.length + rest.length;
  let all: number[];
  if (halves.length === 2) {
    if (explicit > 7) return undefined;
    all = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
  } else {
    all = head;
    if (all.length !== 8) return undefined;
  }
  let value = 0n;
  for (const g of all) value = (value << 16n) | BigInt(g);
  return value;
}

export function parseAddress(text: string): Address | undefined {
  const t = text.trim();
  const v4 = parseIPv4(t);
  if (v4 !== undefined) return { v6: false, value: v4 };
  if (!t.includes(':')) return undefined;
  const v6 = parseIPv6(t);
  return v6 === undefined ? undefined : { v6: true, value: v6 };
}

const MAPPED_PREFIX = 0xffffn << 32n;

export type AddressTest = (text: string) => boolean;

export function compileCidr(cidr: string): AddressTest {
  const [addressText, prefixText, extra] = cidr.trim().split('/');
  const network = addressText === undefined ? undefined : parseAddress(addressText);
  if (!network || extra !== undefined)
    throw new EngineError('cidr', `'${cidr}' is not an IPv4 or IPv6 network`);
  const bits = network.v6 ? 128 : 32;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) throw new EngineError('cidr', `'${cidr}' has a bad prefix length`);
  const shift = BigInt(bits - prefix);
  const want = network.value >> shift;
  return (text) => {
    const address = parseAddress(text);
    if (!address) return false;
    let value = address.value;
    if (address.v6 !== network.v6) {
      if (network.v6 || value >> 32n !== 0xffffn || (value & ~0xffffffffn) !== MAPPED_PREFIX) return false;
      value &= 0xffffffffn;
    }
    return value >> shift === want;
  };
}
