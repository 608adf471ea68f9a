/** A FIFO async mutex: engine calls and their audit records run one at a time, in order. */
export { SerialQueue as Mutex } from '../platform/serial-queue.js';
