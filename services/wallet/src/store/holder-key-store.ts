import type { SealedKeySource } from '@sp/crypto';
import type { Database } from '@sp/db';

/**
 * Workers' sealed holder keys (`wallet_worker.sealedPrivateKey`) as a `SealedKeySource` for KEK rotation.
 * @example await rewrapSealedKeys(createHolderKeyStore(db), { current, previous });
 */
export function createHolderKeyStore(db: Database): SealedKeySource {
  const prisma = db.prisma;
  return {
    async page(after, take) {
      return prisma.worker.findMany({
        where: after ? { id: { gt: after } } : {},
        orderBy: { id: 'asc' },
        take,
        select: { id: true, sealedPrivateKey: true },
      });
    },
    async replace(id, previous, sealed) {
      const { count } = await prisma.worker.updateMany({
        where: { id, sealedPrivateKey: previous },
        data: { sealedPrivateKey: sealed },
      });
      return count === 1;
    },
  };
}
