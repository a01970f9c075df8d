-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('training_provider', 'awarding_organisation', 'employer');

-- CreateEnum
CREATE TYPE "KeyStatus" AS ENUM ('active', 'retired');

-- CreateEnum
CREATE TYPE "OfferState" AS ENUM ('offered', 'token_issued', 'credential_issued');

-- CreateTable
CREATE TABLE "issuer_organisation" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issuer_organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_signing_key" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "sealedPrivateKey" TEXT NOT NULL,
    "status" "KeyStatus" NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "issuer_signing_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_api_key" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "issuer_api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_credential_offer" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "offerRef" TEXT NOT NULL,
    "offerFetchedAt" TIMESTAMP(3),
    "preAuthorizedCodeHash" TEXT NOT NULL,
    "txCodeHash" TEXT,
    "accessTokenHash" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "state" "OfferState" NOT NULL DEFAULT 'offered',
    "workerEmail" TEXT NOT NULL,
    "workerName" TEXT NOT NULL,
    "catalogueCode" TEXT NOT NULL,
    "achievement" JSONB NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issuer_credential_offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_nonce" (
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "issuer_nonce_pkey" PRIMARY KEY ("value")
);

-- CreateTable
CREATE TABLE "issuer_issued_credential" (
    "id" TEXT NOT NULL,
    "organisationId" UUID NOT NULL,
    "offerId" UUID,
    "holderDid" TEXT NOT NULL,
    "catalogueCode" TEXT NOT NULL,
    "statusListId" UUID NOT NULL,
    "statusListIndex" INTEGER NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "validUntil" TIMESTAMP(3),

    CONSTRAINT "issuer_issued_credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_status_list" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "bits" BYTEA NOT NULL,
    "allocated" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "full" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "issuer_status_list_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallet_worker" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "did" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "sealedPrivateKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_worker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallet_session" (
    "id" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallet_credential" (
    "id" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "credentialId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "jwt" TEXT NOT NULL,
    "issuerDid" TEXT NOT NULL,
    "issuerName" TEXT,
    "catalogueCode" TEXT,
    "name" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "validUntil" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallet_share" (
    "id" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "label" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "withdrawnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_share_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallet_share_credential" (
    "shareId" UUID NOT NULL,
    "credentialId" UUID NOT NULL,

    CONSTRAINT "wallet_share_credential_pkey" PRIMARY KEY ("shareId","credentialId")
);

-- CreateTable
CREATE TABLE "wallet_share_view" (
    "id" UUID NOT NULL,
    "shareId" UUID NOT NULL,
    "viewer" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "viewedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_share_view_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallet_notification_outbox" (
    "id" UUID NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "wallet_notification_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifier_account" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifier_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifier_api_key" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "verifier_api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifier_trusted_issuer" (
    "did" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifier_trusted_issuer_pkey" PRIMARY KEY ("did")
);

-- CreateTable
CREATE TABLE "verifier_verification" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "inputKind" TEXT NOT NULL,
    "shareUrl" TEXT,
    "verified" BOOLEAN NOT NULL,
    "report" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifier_verification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "issuer_organisation_slug_key" ON "issuer_organisation"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_signing_key_organisationId_kid_key" ON "issuer_signing_key"("organisationId", "kid");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_api_key_hash_key" ON "issuer_api_key"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_credential_offer_offerRef_key" ON "issuer_credential_offer"("offerRef");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_credential_offer_preAuthorizedCodeHash_key" ON "issuer_credential_offer"("preAuthorizedCodeHash");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_credential_offer_accessTokenHash_key" ON "issuer_credential_offer"("accessTokenHash");

-- CreateIndex
CREATE INDEX "issuer_credential_offer_organisationId_createdAt_idx" ON "issuer_credential_offer"("organisationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_issued_credential_offerId_key" ON "issuer_issued_credential"("offerId");

-- CreateIndex
CREATE INDEX "issuer_issued_credential_organisationId_issuedAt_idx" ON "issuer_issued_credential"("organisationId", "issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_issued_credential_statusListId_statusListIndex_key" ON "issuer_issued_credential"("statusListId", "statusListIndex");

-- CreateIndex
CREATE INDEX "issuer_status_list_organisationId_purpose_full_idx" ON "issuer_status_list"("organisationId", "purpose", "full");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_worker_email_key" ON "wallet_worker"("email");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_worker_did_key" ON "wallet_worker"("did");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_session_tokenHash_key" ON "wallet_session"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_credential_workerId_credentialId_key" ON "wallet_credential"("workerId", "credentialId");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_share_tokenHash_key" ON "wallet_share"("tokenHash");

-- CreateIndex
CREATE INDEX "wallet_share_view_shareId_viewedAt_idx" ON "wallet_share_view"("shareId", "viewedAt");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_notification_outbox_dedupeKey_key" ON "wallet_notification_outbox"("dedupeKey");

-- CreateIndex
CREATE INDEX "wallet_notification_outbox_email_createdAt_idx" ON "wallet_notification_outbox"("email", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "verifier_api_key_hash_key" ON "verifier_api_key"("hash");

-- CreateIndex
CREATE INDEX "verifier_verification_accountId_createdAt_idx" ON "verifier_verification"("accountId", "createdAt");

-- AddForeignKey
ALTER TABLE "issuer_signing_key" ADD CONSTRAINT "issuer_signing_key_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "issuer_organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issuer_api_key" ADD CONSTRAINT "issuer_api_key_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "issuer_organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issuer_credential_offer" ADD CONSTRAINT "issuer_credential_offer_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "issuer_organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issuer_issued_credential" ADD CONSTRAINT "issuer_issued_credential_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "issuer_organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issuer_issued_credential" ADD CONSTRAINT "issuer_issued_credential_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "issuer_credential_offer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issuer_issued_credential" ADD CONSTRAINT "issuer_issued_credential_statusListId_fkey" FOREIGN KEY ("statusListId") REFERENCES "issuer_status_list"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issuer_status_list" ADD CONSTRAINT "issuer_status_list_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "issuer_organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wallet_session" ADD CONSTRAINT "wallet_session_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "wallet_worker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wallet_credential" ADD CONSTRAINT "wallet_credential_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "wallet_worker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wallet_share" ADD CONSTRAINT "wallet_share_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "wallet_worker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wallet_share_credential" ADD CONSTRAINT "wallet_share_credential_shareId_fkey" FOREIGN KEY ("shareId") REFERENCES "wallet_share"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wallet_share_credential" ADD CONSTRAINT "wallet_share_credential_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "wallet_credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wallet_share_view" ADD CONSTRAINT "wallet_share_view_shareId_fkey" FOREIGN KEY ("shareId") REFERENCES "wallet_share"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifier_api_key" ADD CONSTRAINT "verifier_api_key_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "verifier_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifier_verification" ADD CONSTRAINT "verifier_verification_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "verifier_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
