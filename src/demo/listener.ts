/** What the HTTP and gRPC demo servers share: listen on 127.0.0.1, leave, listen again on the same port. */
export interface Listener {
  /** 0 until the first listen. */
  readonly port: number;
  readonly listening: boolean;
  /** Listens on 127.0.0.1, on the same port as before once it has one. */
  listen(): Promise<void>;
  /** Stops listening: new connections are refused, open ones destroyed. */
  leave(): Promise<void>;
  /** Like leave, for good. */
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
