import type { WalletContext } from '../context.js';

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/**
 * The worker's inbox: outbox rows addressed to their email, newest first (offers may arrive before the
 * account exists; they show up once it does).
 * @example const inbox = await listNotifications(ctx, worker.email);
 */
export async function listNotifications(
  ctx: Pick<WalletContext, 'notifications'>,
  email: string,
): Promise<NotificationView[]> {
  return (await ctx.notifications.listByEmail(email)).map((n) => ({
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  }));
}
