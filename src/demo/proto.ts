/**
 * The demo gRPC service, embedded so no file has to sit next to the bundles. The same service
 * twice: as .proto text (written to disk for pool files, whose gRPC transport loads it from a
 * path) and as a protobufjs JSON descriptor (what the server loads with proto-loader's fromJSON).
 * A test checks that the two agree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const DEMO_SERVICE = 'demo.Echo';
export const DEMO_METHOD = 'Call';

export const DEMO_PROTO = `// The RPC Balancer demo service (written by rpc-balancer; safe to delete).
syntax = "proto3";

package demo;

service Echo {
  // Answers after the endpoint's service time; the reply and the metadata carry its load.
  rpc Call (CallRequest) returns (CallReply);
}

message CallRequest {
  string key = 1;
  bytes payload = 2;
}

message CallReply {
  string endpoint = 1;
  double load = 2;
  string key = 3;
}
`;

export const DEMO_PROTO_JSON = {
  nested: {
    demo: {
      nested: {
        Echo: { methods: { Call: { requestType: 'CallRequest', responseType: 'CallReply' } } },
        CallRequest: { fields: { key: { type: 'string', id: 1 }, payload: { type: 'bytes', id: 2 } } },
        CallReply: {
          fields: { endpoint: { type: 'string', id: 1 }, load: { type: 'double', id: 2 }, key: { type: 'string', id: 3 } },
        },
      },
    },
  },
};

/** Writes the demo .proto to `file` (creating its directory) and returns the path. */
export function writeDemoProto(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, DEMO_PROTO);
  return file;
}
