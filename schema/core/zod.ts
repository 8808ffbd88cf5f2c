import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';

/**
 * The project's zod, extended with `.openapi()` (the API's documentation, functions/openapi.ts).
 * zod copies an extension onto each schema when the schema is built, so the extension must run
 * before any schema of this folder is built. In the Worker that bundles the site's pages with
 * the API (functions/worker.ts) modules are not evaluated in the order the API imports them, so
 * every module that builds schemas imports zod from here, never from 'zod' directly.
 * (@hono/zod-openapi makes the same call on the same zod; the second call does nothing.)
 */
extendZodWithOpenApi(z);
export { z };
