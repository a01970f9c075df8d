import ipaddr from 'ipaddr.js';

/**
 * Whether an IP address may be contacted by the SSRF-safe fetcher without an explicit allowance.
 *
 * An allowlist, not a denylist: only addresses that ipaddr.js classifies as plain global `unicast` pass.
 * Everything else — loopback, RFC 1918 private, link-local (169.254/16 holds cloud metadata endpoints,
 * fe80::/10), unique-local (fc00::/7), CGNAT (100.64/10, RFC 6598), multicast, broadcast, unspecified,
 * documentation and other reserved blocks, and the IPv6 forms that embed an IPv4 address (NAT64 64:ff9b::/96,
 * 6to4, Teredo) — is refused, because each can reach something other than the public Internet.
 * `ipaddr.process()` first turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into its IPv4 form so the
 * mapped address is judged by its IPv4 range.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** Whether a string is an IP literal (v4 in canonical dotted form, or v6 without brackets). */
export function isIpLiteral(host: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host);
}
