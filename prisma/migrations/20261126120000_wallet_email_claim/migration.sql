-- AlterTable
ALTER TABLE "wallet_email_outbox" ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "claimedUntil" TIMESTAMP(3);
