import { createRoute, z } from '@hono/zod-openapi';
import { COMMUNE_KIND_LABELS, COMMUNE_KINDS, type CommuneKind } from '../../schema/province/communes.ts';
import { isProvince, provinceOf } from '../../schema/province/commune-registry.ts';
import { getUnit } from '../../schema/unit/unit.db.ts';
import { ErrorSchema, json } from '../openapi.ts';
import { apiApp } from './api-helpers.ts';

/**
 * GET /api/v1/communes: the communes this deployment serves, from its registry (bundled with
 * the Worker, schema/province/commune-registry.ts). Public, on every host of the deployment, like the province's pages:
 * which hosts belong to which commune is no secret, and a client finds the API of each here.
 */

const CommuneAnswer = z
  .object({
    code: z.string().nullable().meta({ description: 'Mã đơn vị hành chính (5 chữ số); null khi nguồn chưa nêu' }),
    slug: z.string().meta({ description: 'Mã ngắn, không đổi, của xã, phường trong cổng' }),
    name: z.string(),
    kind: z.enum(COMMUNE_KINDS),
    kindLabel: z.string().meta({ description: 'Xã, Phường, Đặc khu hoặc Thị trấn' }),
    mainHost: z.string().nullable().meta({ description: 'Tên miền chính; các tên miền khác và tên miền cũ chuyển về đây' }),
    hosts: z.array(z.string()),
    aliases: z.array(z.string()).meta({ description: 'Tên miền cũ (trang cũ của huyện, của xã đã nhập): trả lời 301 về tên miền chính' }),
    formedFrom: z.array(z.object({ code: z.string().nullable(), name: z.string(), on: z.string() })).meta({ description: 'Các đơn vị hợp thành (sắp xếp năm 2025) và ngày' }),
    endedOn: z.string().nullable().meta({ description: 'Ngày đơn vị thôi tồn tại (đã sắp xếp vào đơn vị khác); null nếu vẫn là đơn vị hành chính' }),
    illustration: z.boolean().meta({ description: 'Đơn vị chỉ để minh họa (không có số liệu thật)' }),
  })
  .openapi('Commune');

export const communesApi = apiApp();

communesApi.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listCommunes',
    summary: 'Danh sách xã, phường, đặc khu của cổng thông tin',
    description: 'Mã đơn vị hành chính, tên, loại và tên miền của từng đơn vị mà cổng phục vụ. Không cần mã truy cập.',
    tags: ['Hệ thống'],
    security: [],
    responses: {
      200: json(z.object({ items: z.array(CommuneAnswer) }).openapi('CommuneList'), 'Danh sách đơn vị'),
      // Answered before any route, by functions/tenancy.ts, to a host the registry does not list.
      404: json(ErrorSchema, 'Tên miền không thuộc cổng thông tin của xã, phường nào (unknown_host)'),
    },
  }),
  async (c) => {
    if (!isProvince()) {
      // One commune, every host: its name and kind are the unit's own settings.
      const unit = await getUnit(c.env.DB);
      const host = new URL(c.req.url).hostname;
      const kind: CommuneKind = unit?.kind === 'dac_khu' ? 'dac-khu' : unit?.kind === 'thi_tran' ? 'thi-tran' : (unit?.kind ?? 'xa');
      const one = { code: null, slug: provinceOf().communes[0]!.slug, name: unit?.name ?? '', kind, kindLabel: COMMUNE_KIND_LABELS[kind], mainHost: host, hosts: [host], aliases: [] as string[], formedFrom: [] as { code: string | null; name: string; on: string }[], endedOn: null, illustration: false };
      return c.json({ items: [one] }, 200);
    }
    const items = provinceOf().communes.map((commune) => ({
      code: commune.code,
      slug: commune.slug,
      name: commune.name,
      kind: commune.kind,
      kindLabel: COMMUNE_KIND_LABELS[commune.kind],
      mainHost: commune.hosts[0] ?? null,
      hosts: commune.hosts,
      aliases: commune.aliases,
      formedFrom: commune.formedFrom,
      endedOn: commune.endedOn,
      illustration: commune.illustration,
    }));
    return c.json({ items }, 200);
  },
);
