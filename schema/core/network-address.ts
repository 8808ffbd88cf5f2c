/**
 * The sender a network address stands for, for the opinion form's limits (issue 22.9).
 *
 * An IPv4 address is usually one home or one carrier's shared gateway: one sender. An IPv6 home
 * or phone gets a whole /64 (RFC 6177, and Vietnamese carriers hand out /64 or shorter), and its
 * devices pick any address inside it at will (RFC 8981 temporary addresses): counting IPv6
 * addresses one by one would let one home pose as countless first-time senders. So an IPv6
 * address counts as its /64, an IPv4 address as itself; an IPv4 address written as IPv6
 * (`::ffff:192.0.2.1`) is IPv4. What is not an address is returned unchanged (a limit keyed on
 * it still keys one sender).
 */
export function senderOf(address: string): string {
  const text = address.trim().toLowerCase().replace(/%.*$/, '');
  if (!text.includes(':')) return text;
  const groups = hextets(text);
  if (!groups) return text;
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const [hi, lo] = [parseInt(groups[6]!, 16), parseInt(groups[7]!, 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros, or null when it is not one. */
function hextets(text: string): string[] | null {
  // A trailing dotted IPv4 part (`64:ff9b::192.0.2.1`) is two groups.
  const dotted = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  let body = text;
  if (dotted) {
    const bytes = dotted.slice(2).map(Number);
    if (bytes.some((b) => b > 255)) return null;
    body = `${dotted[1]}${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => parseInt(g, 16).toString(16));
}
