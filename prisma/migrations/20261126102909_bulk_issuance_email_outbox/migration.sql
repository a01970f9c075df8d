-- CreateEnum
CREATE TYPE "BatchState" AS ENUM ('receiving', 'accepted', 'completed');

-- CreateEnum
CREATE TYPE "BatchRowState" AS ENUM ('pending', 'done', 'failed', 'invalid', 'duplicate');

-- CreateEnum
CREATE TYPE "WalletEmailState" AS ENUM ('pending', 'sent', 'dead');

-- CreateTable
CREATE TABLE "issuer_batch" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "state" "BatchState" NOT NULL DEFAULT 'receiving',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "chunkSize" INTEGER NOT NULL,
    "chunks" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "issuer_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_batch_row" (
    "id" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "chunk" INTEGER NOT NULL,
    "rowKey" TEXT,
    "state" "BatchRowState" NOT NULL,
    "input" JSONB,
    "errors" JSONB,
    "offerId" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "issuer_batch_row_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallet_email_outbox" (
    "id" UUID NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "state" "WalletEmailState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "deadAt" TIMESTAMP(3),

    CONSTRAINT "wallet_email_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "issuer_batch_state_idx" ON "issuer_batch"("state");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_batch_organisationId_idempotencyKey_key" ON "issuer_batch"("organisationId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_batch_row_offerId_key" ON "issuer_batch_row"("offerId");

-- CreateIndex
CREATE INDEX "issuer_batch_row_batchId_chunk_state_idx" ON "issuer_batch_row"("batchId", "chunk", "state");

-- CreateIndex
CREATE INDEX "issuer_batch_row_state_updatedAt_idx" ON "issuer_batch_row"("state", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_batch_row_batchId_line_key" ON "issuer_batch_row"("batchId", "line");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_batch_row_organisationId_rowKey_key" ON "issuer_batch_row"("organisationId", "rowKey");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_email_outbox_dedupeKey_key" ON "wallet_email_outbox"("dedupeKey");

-- CreateIndex
CREATE INDEX "wallet_email_outbox_state_createdAt_idx" ON "wallet_email_outbox"("state", "createdAt");

-- AddForeignKey
ALTER TABLE "issuer_batch_row" ADD CONSTRAINT "issuer_batch_row_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "issuer_batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
