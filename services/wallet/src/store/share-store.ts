import type { Database } from '@sp/db';

export interface ShareRecord {
  id: string;
  workerId: string;
  label: string | null;
  expiresAt: Date;
  withdrawnAt: Date | null;
  createdAt: Date;
  credentialIds: string[];
  viewCount: number;
}

export interface ShareViewRecord {
  id: string;
  viewer: string | null;
  ip: string | null;
  userAgent: string | null;
  viewedAt: Date;
}

/** What the public share link needs: the share, the holder's key material and the credential JWTs. */
export interface ShareForLink {
  id: string;
  expiresAt: Date;
  withdrawnAt: Date | null;
  worker: { id: string; did: string; sealedPrivateKey: string };
  jwts: string[];
}

/** Shares (`wallet_share`, `wallet_share_credential`, `wallet_share_view`). Reads are scoped by worker id. */
export interface ShareStore {
  create(s: {
    workerId: string;
    tokenHash: string;
    label: string | null;
    expiresAt: Date;
    credentialIds: string[];
  }): Promise<ShareRecord>;
  list(workerId: string): Promise<ShareRecord[]>;
  get(workerId: string, id: string): Promise<(ShareRecord & { views: ShareViewRecord[] }) | null>;
  /** Sets `withdrawnAt` once (a second withdrawal keeps the first time); false when missing or not yours. */
  withdraw(workerId: string, id: string, now: Date): Promise<boolean>;
  findByTokenHash(tokenHash: string): Promise<ShareForLink | null>;
  recordView(v: {
    shareId: string;
    viewer: string | null;
    ip: string | null;
    userAgent: string | null;
    viewedAt: Date;
  }): Promise<void>;
}

/**
 * The share store over Prisma.
 * @example const shares = createShareStore(db); await shares.list(worker.id);
 */
export function createShareStore(db: Database): ShareStore {
  const p = db.prisma;
  const include = {
    credentials: { select: { credentialId: true } },
    _count: { select: { views: true } },
  } as const;
  type Row = {
    id: string;
    workerId: string;
    label: string | null;
    expiresAt: Date;
    withdrawnAt: Date | null;
    createdAt: Date;
    credentials: { credentialId: string }[];
    _count: { views: number };
  };
  const toRecord = (r: Row): ShareRecord => ({
    id: r.id,
    workerId: r.workerId,
    label: r.label,
    expiresAt: r.expiresAt,
    withdrawnAt: r.withdrawnAt,
    createdAt: r.createdAt,
    credentialIds: r.credentials.map((c) => c.credentialId),
    viewCount: r._count.views,
  });
  return {
    async create(s) {
      const row = await p.share.create({
        data: {
          workerId: s.workerId,
          tokenHash: s.tokenHash,
          label: s.label,
          expiresAt: s.expiresAt,
          credentials: { create: s.credentialIds.map((credentialId) => ({ credentialId })) },
        },
        include,
      });
      return toRecord(row);
    },
    async list(workerId) {
      const rows = await p.share.findMany({ where: { workerId }, include, orderBy: { createdAt: 'desc' } });
      return rows.map(toRecord);
    },
    async get(workerId, id) {
      const row = await p.share.findFirst({
        where: { id, workerId },
        include: { ...include, views: { orderBy: { viewedAt: 'desc' } } },
      });
      if (!row) return null;
      return {
        ...toRecord(row),
        views: row.views.map((v) => ({
          id: v.id,
          viewer: v.viewer,
          ip: v.ip,
          userAgent: v.userAgent,
          viewedAt: v.viewedAt,
        })),
      };
    },
    async withdraw(workerId, id, now) {
      const found = await p.share.findFirst({ where: { id, workerId }, select: { id: true } });
      if (!found) return false;
      await p.share.updateMany({ where: { id, workerId, withdrawnAt: null }, data: { withdrawnAt: now } });
      return true;
    },
    async findByTokenHash(tokenHash) {
      const row = await p.share.findUnique({
        where: { tokenHash },
        include: {
          worker: { select: { id: true, did: true, sealedPrivateKey: true } },
          credentials: { include: { credential: { select: { jwt: true, issuedAt: true } } } },
        },
      });
      if (!row) return null;
      return {
        id: row.id,
        expiresAt: row.expiresAt,
        withdrawnAt: row.withdrawnAt,
        worker: row.worker,
        jwts: row.credentials
          .map((c) => c.credential)
          .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime())
          .map((c) => c.jwt),
      };
    },
    async recordView(v) {
      await p.shareView.create({ data: v });
    },
  };
}
