/// <reference types="astro/client" />
/// <reference path="integrations/_astrojs_cloudflare/cloudflare.d.ts" />
/// <reference path="content.d.ts" />