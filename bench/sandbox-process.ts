/**
 * Child process that runs the MiMo sandbox on a free loopback port and sends its URL
 * to the parent over IPC. It stops when the parent disconnects.
 */
import { createSandbox } from '../src/sandbox/index.js';

const sandbox = await createSandbox({ port: 0 });
process.send?.({ url: sandbox.url });
process.once('disconnect', () => {
  void sandbox.close().finally(() => process.exit(0));
});
