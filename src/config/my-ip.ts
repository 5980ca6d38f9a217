import fs from 'node:fs';
import os from 'node:os';
import type { HostValue } from './oslo-conf.js';

type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/**
 * The interface of the first default route in /proc/net/route, as oslo.utils' netutils reads it: the first line
 * whose second tab-separated field is `00000000` (the header's is `Destination`). null when there is none.
 */
export function defaultRouteInterface(routeText: string): string | null {
  for (const line of routeText.split('\n')) {
    if (line === '') continue;
    const attrs = line.trim().split('\t');
    if (attrs[1] === '00000000') return attrs[0] ?? null;
  }
  return null;
}

const LOCALHOST = '127.0.0.1';

/**
 * Nova's default my_ip (`netutils.get_my_ipv4()`), without sending anything: the first IPv4 address of the default
 * route's interface, else 127.0.0.1, as oslo.utils computes it when it cannot ask the kernel. (Its first try, a UDP
 * socket "connected" to 192.0.2.0, asks the kernel for the source address of that route; the two differ only when
 * the route names another source address or policy routing chooses another interface.) Pure.
 */
export function myIpFrom(routeText: string | null, ifaces: Interfaces): HostValue {
  const unset = 'my_ip is not set in nova.conf';
  const fallback = (why: string): HostValue => ({
    value: LOCALHOST,
    detail: `${why}: ${LOCALHOST}, as Nova computes it then`,
    warning: `${unset} and ${why} (under systemd's PrivateNetwork=, for example): $my_ip is ${LOCALHOST}, as Nova would compute it here; set my_ip in [DEFAULT] of nova.conf`,
  });
  if (routeText === null) return fallback('this host has no /proc/net/route');
  const iface = defaultRouteInterface(routeText);
  if (iface === null) return fallback('this host has no default route');
  const v4 = (ifaces[iface] ?? []).find((a) => a.family === 'IPv4' || (a.family as unknown) === 4);
  if (!v4) return fallback(`the default route's interface ${iface} has no IPv4 address`);
  return { value: v4.address, detail: `the first IPv4 address of ${iface}, the interface of the default route (/proc/net/route)` };
}

/** my_ip of this host, from /proc/net/route and the interfaces' addresses. */
export function hostMyIp(): HostValue {
  let text: string | null = null;
  try {
    text = fs.readFileSync('/proc/net/route', 'utf8');
  } catch {
    text = null;
  }
  return myIpFrom(text, os.networkInterfaces());
}

/** Nova's default host: socket.gethostname(). */
export function hostName(): HostValue {
  return { value: os.hostname(), detail: 'the host name' };
}
