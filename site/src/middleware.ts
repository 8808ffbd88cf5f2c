import { defineMiddleware } from 'astro:middleware';
import { enterRender } from './lib/render-context.ts';

// Every render names its origin and generation (lib/render-context.ts).
export const onRequest = defineMiddleware((context, next) => {
  enterRender(context.request);
  return next();
});
