/**
 * The province's registry, bundled into the deployed Worker: wrangler resolves this specifier
 * through the `alias` of the config scripts/province.ts writes (the registry file of a running
 * portal's state folder, or of a deployment). `astro build` leaves it external
 * (site/astro.config.mjs). Its value is the registry file's JSON (schema/province/communes.ts), parsed by
 * schema/province/commune-registry.ts.
 */
declare module 'cong-khai-xa:province' {
  const registry: unknown;
  export default registry;
}
