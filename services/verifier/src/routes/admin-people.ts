import { parseInput } from '@sp/http-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { PersonStore } from '../store/person-store.js';
import { invitePerson } from '../use-cases/invite-person.js';
import { requireAdmin } from './auth.js';

export const zInvitePersonRequest = z.strictObject({
  accountId: z.uuid(),
  email: z.string().trim().toLowerCase().pipe(z.email().max(320)),
  name: z.string().trim().min(1).max(200),
});
export const zInvitePersonResponse = z.object({
  person: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
  inviteUrl: z.url().describe('Single use; shown once. The person sets a password there and is signed in'),
  expiresAt: z.iso.datetime(),
});

/**
 * Admin API: invite a person of an employer account to the verifier's pages (`POST /v1/admin/people`).
 * @example app.use(adminPeopleRoutes({ adminToken, people, baseUrl: () => url, now }));
 */
export function adminPeopleRoutes(deps: {
  adminToken: string | undefined;
  people: PersonStore;
  baseUrl: () => string;
  now: () => Date;
}): Router {
  const router = Router();
  router.post('/v1/admin/people', requireAdmin(deps.adminToken), async (req, res) => {
    const body = parseInput(zInvitePersonRequest, req.body, 'body');
    const invited = await invitePerson({ people: deps.people, baseUrl: deps.baseUrl(), now: deps.now }, body);
    req.log.info({ personId: invited.person.id, accountId: body.accountId }, 'verifier person invited');
    res.status(201).set('Cache-Control', 'no-store').json(invited);
  });
  return router;
}
