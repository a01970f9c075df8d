import { zIdParams } from '../schemas.js';

const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The `:id` route parameter. A malformed id cannot name anything the worker has, so it gets the same 404 as
 * a missing one (the nil UUID is looked up and never found) rather than a 400 that tells ids apart.
 * @example const { id } = parseNotFound(req.params);
 */
export function parseNotFound(params: unknown): { id: string } {
  const parsed = zIdParams.safeParse(params);
  return parsed.success ? parsed.data : { id: NO_SUCH_ID };
}
