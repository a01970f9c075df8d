-- AlterTable
ALTER TABLE "wallet_worker" ADD COLUMN     "roleCategory" TEXT,
ADD COLUMN     "setting" TEXT;

-- AlterTable
ALTER TABLE "verifier_verification" ADD COLUMN     "staffId" TEXT,
ADD COLUMN     "staffName" TEXT;

-- CreateTable
CREATE TABLE "verifier_policy" (
    "accountId" UUID NOT NULL,
    "policy" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "verifier_policy_pkey" PRIMARY KEY ("accountId")
);

-- CreateIndex
CREATE INDEX "verifier_verification_accountId_staffId_createdAt_idx" ON "verifier_verification"("accountId", "staffId", "createdAt");

-- AddForeignKey
ALTER TABLE "verifier_policy" ADD CONSTRAINT "verifier_policy_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "verifier_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
