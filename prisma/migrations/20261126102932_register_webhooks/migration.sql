-- CreateEnum
CREATE TYPE "RegisterEntryStatus" AS ENUM ('active', 'suspended');

-- CreateEnum
CREATE TYPE "WebhookDeliveryState" AS ENUM ('pending', 'delivered', 'dead');

-- CreateTable
CREATE TABLE "issuer_register_entry" (
    "id" UUID NOT NULL,
    "did" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "RegisterEntryStatus" NOT NULL DEFAULT 'active',
    "suspendedAt" TIMESTAMP(3),
    "suspendReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "issuer_register_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_register_authorisation" (
    "id" UUID NOT NULL,
    "entryId" UUID NOT NULL,
    "catalogueCode" TEXT,
    "framework" TEXT,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issuer_register_authorisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_register_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "issuer_register_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_scheme_key" (
    "id" UUID NOT NULL,
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "sealedPrivateKey" TEXT NOT NULL,
    "status" "KeyStatus" NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issuer_scheme_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifier_verified_credential" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "verificationId" UUID NOT NULL,
    "credentialId" TEXT NOT NULL,
    "issuerDid" TEXT NOT NULL,
    "statusListCredential" TEXT NOT NULL,
    "statusListIndex" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifier_verified_credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifier_webhook_subscription" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "sealedSecret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifier_webhook_subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifier_webhook_delivery" (
    "id" UUID NOT NULL,
    "subscriptionId" UUID NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "state" "WebhookDeliveryState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "verifier_webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "issuer_register_entry_did_key" ON "issuer_register_entry"("did");

-- CreateIndex
CREATE INDEX "issuer_register_authorisation_entryId_idx" ON "issuer_register_authorisation"("entryId");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_scheme_key_kid_key" ON "issuer_scheme_key"("kid");

-- CreateIndex
CREATE INDEX "verifier_verified_credential_statusListCredential_statusLis_idx" ON "verifier_verified_credential"("statusListCredential", "statusListIndex");

-- CreateIndex
CREATE UNIQUE INDEX "verifier_verified_credential_accountId_statusListCredential_key" ON "verifier_verified_credential"("accountId", "statusListCredential", "statusListIndex");

-- CreateIndex
CREATE INDEX "verifier_webhook_subscription_accountId_idx" ON "verifier_webhook_subscription"("accountId");

-- CreateIndex
CREATE INDEX "verifier_webhook_delivery_subscriptionId_createdAt_idx" ON "verifier_webhook_delivery"("subscriptionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "verifier_webhook_delivery_subscriptionId_eventId_key" ON "verifier_webhook_delivery"("subscriptionId", "eventId");

-- AddForeignKey
ALTER TABLE "issuer_register_authorisation" ADD CONSTRAINT "issuer_register_authorisation_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "issuer_register_entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifier_verified_credential" ADD CONSTRAINT "verifier_verified_credential_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "verifier_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifier_webhook_subscription" ADD CONSTRAINT "verifier_webhook_subscription_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "verifier_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifier_webhook_delivery" ADD CONSTRAINT "verifier_webhook_delivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "verifier_webhook_subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;
