/**
 * `xds.data.orca.v3.OrcaLoadReport` (cncf/xds, xds/data/orca/v3/orca_load_report.proto) as a
 * protobufjs JSON descriptor: one copy for the engine, which reads reports, and the demo servers,
 * which send them.
 */

/** protobufjs JSON descriptor of OrcaLoadReport, field numbers as in cncf/xds. */
const ORCA_LOAD_REPORT = {
  fields: {
    cpu_utilization: { type: 'double', id: 1 },
    mem_utilization: { type: 'double', id: 2 },
    rps: { type: 'uint64', id: 3 },
    request_cost: { keyType: 'string', type: 'double', id: 4 },
    utilization: { keyType: 'string', type: 'double', id: 5 },
    rps_fractional: { type: 'double', id: 6 },
    eps: { type: 'double', id: 7 },
    named_metrics: { keyType: 'string', type: 'double', id: 8 },
    application_utilization: { type: 'double', id: 9 },
  },
};

/** protobufjs JSON descriptor of the package `xds.data.orca.v3` with only OrcaLoadReport. */
export const ORCA_PROTO_JSON = {
  nested: { xds: { nested: { data: { nested: { orca: { nested: { v3: { nested: { OrcaLoadReport: ORCA_LOAD_REPORT } } } } } } } } },
};

/** The message's full name in the descriptor. */
export const ORCA_LOAD_REPORT_TYPE = 'xds.data.orca.v3.OrcaLoadReport';
