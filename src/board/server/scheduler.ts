// Reading is synchronous and comes in chunks of a few tens of milliseconds; this keeps it to
// one chunk per event-loop turn however many requests are waiting for runs, so timers and
// sockets are served between chunks. Requests come first: background indexing pauses while
// any request is catching a run up.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Milliseconds of reading between two turns of the event loop (what a request may wait behind). */
export const SLICE_MS = 8;

export class ReadScheduler {
  private chain: Promise<void> = Promise.resolve();
  private urgent = 0;
  private idleWaiters: (() => void)[] = [];

  /** Resolves on a later event-loop turn, after every earlier caller has had its turn. */
  turn(): Promise<void> {
    const p = this.chain.then(() => yieldToEventLoop());
    this.chain = p.then(() => undefined);
    return p;
  }

  /** Marks request-driven work as running until the returned function is called. */
  begin(): () => void {
    this.urgent++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.urgent === 0) for (const w of this.idleWaiters.splice(0)) w();
    };
  }

  /** For background work: resolves when no request-driven work is running. */
  async idle(): Promise<void> {
    if (this.urgent === 0) return;
    await new Promise<void>(r => this.idleWaiters.push(r));
  }
}
