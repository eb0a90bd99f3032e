import type { TransportName } from './types';

// A host is a name, an IPv4 address or a bracketed IPv6 address; the port is required.
const HOST = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])`;
const URL_RE = new RegExp(String.raw`^https?://${HOST}:(\d{1,5})/?$`);
const HOST_PORT_RE = new RegExp(String.raw`^${HOST}:(\d{1,5})$`);

function portOk(port: string | undefined): boolean {
  const n = Number(port);
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** `http://host:port` or `https://host:port` (an optional trailing slash, no path). */
export function isHttpAddress(address: string): boolean {
  const m = URL_RE.exec(address);
  return m !== null && portOk(m[1]);
}

/** `host:port`, as gRPC channels take it. */
export function isHostPort(address: string): boolean {
  const m = HOST_PORT_RE.exec(address);
  return m !== null && portOk(m[1]);
}

/** What an address must look like for a transport, for error messages. */
export function expectedAddress(transport: TransportName): string {
  return transport === 'grpc' ? 'host:port' : 'http://host:port';
}

export function isAddressFor(transport: TransportName, address: string): boolean {
  return transport === 'grpc' ? isHostPort(address) : isHttpAddress(address);
}
