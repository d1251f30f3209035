// The bundled language server (dist/server.mjs): `--stdio` or `--node-ipc` picks the transport.
import { startServer } from './server.ts';

startServer();
