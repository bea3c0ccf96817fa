/** Worker thread of pathways-chunks.ts: reads the ranges of a register it is sent, one at a time. */
import { parentPort } from 'node:worker_threads';
import { partBuffers, readRegisterChunk, type RegisterChunkJob } from './pathways-chunks.js';

const port = parentPort!;
port.on('message', (job: RegisterChunkJob) => {
  readRegisterChunk(job, (rows) => port.postMessage({ progress: rows }))
    .then((result) => port.postMessage({ result }, 'part' in result ? partBuffers(result.part) : []))
    .catch((e: unknown) => port.postMessage({ result: { readFromTop: String(e) } }));
});
