// A transport hands one message to the outside world (or to the capture mailbox). It throws
// DeliveryError to say what went wrong and whether trying again can help.
import type { MessageRow } from '../store/tables/messaging.js';

export interface Transport {
  readonly name: string;
  send(message: MessageRow): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
