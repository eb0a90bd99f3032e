/** What the Recorder keeps per endpoint while a run goes on. */
import { ErrorKindCounter } from './error-kinds';
import { create } from './histogram';

export interface RecorderEndpoint {
  id: string;
  address: string;
  weight: number;
  zone?: string;
  priority?: number;
}

export class EndpointState {
  /** Every measured request's latency. */
  readonly hist = create();
  /** The current timeline interval's latencies. */
  readonly intervalHist = create();
  requests = 0;
  ok = 0;
  errors = 0;
  readonly errorKinds = new ErrorKindCounter();
  inFlight = 0;
  intervalRequests = 0;
  intervalErrors = 0;
  removed = false;
  constructor(public id: string, public address: string, public weight: number, public zone: string | undefined, public priority: number | undefined) {}
}
