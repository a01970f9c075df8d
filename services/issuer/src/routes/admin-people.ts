import { AppError, parseInput } from '@sp/http-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { IssuerContext } from '../context.js';
import type { PersonStore } from '../store/person-store.js';
import { invitePerson } from '../use-cases/invite-person.js';
import { adminGuard } from './admin.js';

export const zInvitePersonRequest = z.strictObject({
  organisationSlug: z.string().min(1).max(100),
  email: z.string().trim().toLowerCase().pipe(z.email().max(320)),
  name: z.string().trim().min(1).max(200),
  role: z.enum(['admin', 'staff']).default('admin'),
});
export const zInvitePersonResponse = z.object({
  person: z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(['admin', 'staff']) }),
  inviteUrl: z.url().describe('Single use; shown once. The person sets a password there and is signed in'),
  expiresAt: z.iso.datetime(),
});

/**
 * Admin API: invite a person (usually an organisation's first admin) to the issuer's pages
 * (`POST /v1/admin/people`). Organisation admins invite their own staff on the people page.
 * @example app.use(adminPeopleRoutes(ctx, people));
 */
export function adminPeopleRoutes(ctx: IssuerContext, people: PersonStore): Router {
  const router = Router();
  const requireAdmin = adminGuard(ctx);
  router.post('/v1/admin/people', async (req, res) => {
    requireAdmin(req);
    const body = parseInput(zInvitePersonRequest, req.body, 'body');
    const org = await ctx.orgs.findBySlug(body.organisationSlug);
    if (!org) throw new AppError('not_found', { detail: 'No such organisation' });
    const invited = await invitePerson(
      { people, baseUrl: ctx.config.baseUrl, now: ctx.now },
      { organisationId: org.id, email: body.email, name: body.name, role: body.role },
    );
    req.log.info({ personId: invited.person.id, organisationId: org.id }, 'issuer person invited');
    res.status(201).set('Cache-Control', 'no-store').json(invited);
  });
  return router;
}
