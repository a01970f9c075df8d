-- CreateEnum
CREATE TYPE "IssuedCredentialState" AS ENUM ('active', 'suspended', 'revoked');

-- CreateEnum
CREATE TYPE "StatusAction" AS ENUM ('revoke', 'suspend', 'reinstate');

-- AlterTable
ALTER TABLE "issuer_signing_key" ADD COLUMN     "compromisedFrom" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "issuer_issued_credential" ADD COLUMN     "state" "IssuedCredentialState" NOT NULL DEFAULT 'active',
ADD COLUMN     "suspensionListId" UUID,
ADD COLUMN     "suspensionListIndex" INTEGER;

-- CreateTable
CREATE TABLE "issuer_status_event" (
    "id" UUID NOT NULL,
    "credentialId" TEXT NOT NULL,
    "organisationId" UUID NOT NULL,
    "action" "StatusAction" NOT NULL,
    "reason" TEXT NOT NULL,
    "apiKeyId" UUID NOT NULL,
    "apiKeyPrefix" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "statusListId" UUID NOT NULL,
    "statusListIndex" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "issuer_status_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "issuer_status_event_credentialId_at_idx" ON "issuer_status_event"("credentialId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_issued_credential_suspensionListId_suspensionListInd_key" ON "issuer_issued_credential"("suspensionListId", "suspensionListIndex");

-- AddForeignKey
ALTER TABLE "issuer_status_event" ADD CONSTRAINT "issuer_status_event_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "issuer_issued_credential"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
