import { defineMiddleware } from 'astro:middleware';
import { withRenderContext } from './lib/render-context.ts';

// Every render names its origin and generation (lib/render-context.ts).
export const onRequest = defineMiddleware((context, next) => withRenderContext(context.request, next));
