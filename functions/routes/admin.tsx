import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { keptForms } from '../admin/kept-form.tsx';
import { formOnce } from '../admin/form-once.tsx';
import { adminRenderer } from '../admin/layout.tsx';
import { requireOfficial } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { keptFormsAdmin, sessionAdmin } from './admin-session.tsx';
import { receptionAdmin } from './admin-reception.tsx';
import { statisticsAdmin } from './admin-statistics.tsx';
import { accountsAdmin } from './admin-accounts.tsx';
import { reportsAdmin } from './admin-reports.tsx';
import { unitAdmin } from './admin-unit.tsx';
import { consultationsAdmin } from './admin-consultations.tsx';
import { communityAdmin } from './admin-community.tsx';
import { recordsAdmin } from './admin-records.tsx';
import { categoriesAdmin } from './admin-categories.tsx';
import { disclosuresAdmin } from './admin-disclosures.tsx';

/**
 * The officials' admin: server-rendered forms that work without JavaScript. This is the one place
 * the admin's concepts are mounted: the session shell first (no session needed), then every
 * concept's routes behind the session, the kept forms and the one-time tokens.
 */
export const adminApp = new Hono<AppEnv>()
  // Forms are POSTed from our own origin only: hono/csrf checks Origin and Sec-Fetch-Site.
  .use(csrf())
  .use(adminRenderer)
  .route('/', sessionAdmin)
  .use(requireOfficial)
  // A kept form is shown back into its own form; every form runs once per one-time token.
  .use(keptForms)
  .use(formOnce)
  .route('/tiep-cong-dan', receptionAdmin)
  .route('/thong-ke', statisticsAdmin)
  .route('/bao-cao', reportsAdmin)
  .route('/lay-y-kien', consultationsAdmin)
  .route('/nhan-dan', communityAdmin)
  .route('/', unitAdmin)
  .route('/', accountsAdmin)
  .route('/', keptFormsAdmin)
  .route('/', recordsAdmin)
  .route('/danh-muc', categoriesAdmin)
  .route('/', disclosuresAdmin);
