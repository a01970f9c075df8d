-- CreateTable
CREATE TABLE "issuer_status_outbox" (
    "eventId" UUID NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "issuer_status_outbox_pkey" PRIMARY KEY ("eventId")
);

-- CreateIndex
CREATE INDEX "issuer_status_outbox_createdAt_idx" ON "issuer_status_outbox"("createdAt");
