import type { Province } from '../schema/province/communes.ts';

/**
 * A generated registry the size of the country since 1/7/2025: 3,321 commune-level units
 * (2,636 xã, 672 phường, 13 đặc khu). Names, codes and hosts are made up and every commune is
 * marked as an illustration; what is real is the count and the shape of an entry — two hosts, an
 * old host that redirects, the three units a commune was merged from — so the registry weighs
 * what a full one would (~500 bytes a commune, 1.6 MB in all). For the limits of tests/scripts/province.test.ts
 * and the host look-up of tests/api/isolation.test.ts.
 */
export function nationwideRegistry(count = 3321): Province {
  const kinds = (i: number) => (i < 13 ? 'dac-khu' : i < 13 + 672 ? 'phuong' : 'xa') as 'xa' | 'phuong' | 'dac-khu';
  const label = { xa: 'Xã', phuong: 'Phường', 'dac-khu': 'Đặc khu' } as const;
  const communes = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    const kind = kinds(i);
    const slug = `${kind}-minh-hoa-${n}`;
    return {
      slug,
      code: String(10000 + i * 3).padStart(5, '0'),
      name: `${label[kind]} Minh họa Số ${n}`,
      kind,
      binding: `DB_${slug.toUpperCase().replace(/-/g, '_')}`,
      hosts: [`${slug}.tinh-minh-hoa.gov.vn`, `${slug}.localhost`],
      aliases: [`${slug}-cu.huyen-minh-hoa.gov.vn`],
      formedFrom: [0, 1, 2].map((k) => ({ code: null, name: `Xã Cũ Minh họa ${n}-${k + 1}`, on: '2025-07-01' })),
      endedOn: null,
      illustration: true,
    };
  });
  return { name: null, hosts: ['tinh-minh-hoa.localhost'], communes };
}
