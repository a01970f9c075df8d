-- CreateTable
CREATE TABLE "issuer_person" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT,
    "inviteTokenHash" TEXT,
    "inviteExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issuer_person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issuer_web_session" (
    "tokenHash" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issuer_web_session_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "verifier_person" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "inviteTokenHash" TEXT,
    "inviteExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifier_person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifier_web_session" (
    "tokenHash" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifier_web_session_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE UNIQUE INDEX "issuer_person_email_key" ON "issuer_person"("email");

-- CreateIndex
CREATE UNIQUE INDEX "issuer_person_inviteTokenHash_key" ON "issuer_person"("inviteTokenHash");

-- CreateIndex
CREATE INDEX "issuer_web_session_personId_idx" ON "issuer_web_session"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "verifier_person_email_key" ON "verifier_person"("email");

-- CreateIndex
CREATE UNIQUE INDEX "verifier_person_inviteTokenHash_key" ON "verifier_person"("inviteTokenHash");

-- CreateIndex
CREATE INDEX "verifier_web_session_personId_idx" ON "verifier_web_session"("personId");

-- AddForeignKey
ALTER TABLE "issuer_person" ADD CONSTRAINT "issuer_person_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "issuer_organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issuer_web_session" ADD CONSTRAINT "issuer_web_session_personId_fkey" FOREIGN KEY ("personId") REFERENCES "issuer_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifier_person" ADD CONSTRAINT "verifier_person_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "verifier_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifier_web_session" ADD CONSTRAINT "verifier_web_session_personId_fkey" FOREIGN KEY ("personId") REFERENCES "verifier_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
