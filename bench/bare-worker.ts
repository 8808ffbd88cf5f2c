import { Hono } from 'hono';

/** The API baseline of issue #7: bare Hono on D1, one select and one insert, no checks at all. */
const app = new Hono<{ Bindings: { DB: D1Database } }>();

app.get('/item/:id', async (c) => c.json(await c.env.DB.prepare('SELECT * FROM disclosures WHERE id = ?').bind(Number(c.req.param('id'))).first()));

app.post('/item', async (c) => {
  const body = await c.req.json<{ title: string }>();
  const now = new Date().toISOString();
  const row = await c.env.DB.prepare(
    `INSERT INTO disclosures (slug, title, category, issued_on, issuer, summary, channels, posting_start, permanent, status, created_at, updated_at)
     VALUES (?, ?, 'ngan-sach', '2025-01-01', 'UBND', 'baseline', '["portal"]', '2025-01-01', 1, 'draft', ?, ?) RETURNING id`,
  )
    .bind(`bare-${crypto.randomUUID()}`, body.title, now, now)
    .first();
  return c.json(row, 201);
});

export default app;
