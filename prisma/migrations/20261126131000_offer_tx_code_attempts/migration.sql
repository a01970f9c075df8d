-- AlterTable
ALTER TABLE "issuer_credential_offer" ADD COLUMN     "txCodeAttempts" INTEGER NOT NULL DEFAULT 0;
