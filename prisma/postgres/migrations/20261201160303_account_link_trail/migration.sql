-- CreateTable
CREATE TABLE "AccountLinkEvent" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "personId" TEXT,
    "action" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "actorName" TEXT,
    "actorNip" TEXT,
    "detail" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountLinkEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccountLinkEvent_platform_userId_id_idx" ON "AccountLinkEvent"("platform", "userId", "id");

-- CreateIndex
CREATE INDEX "Person_organisationId_email_idx" ON "Person"("organisationId", "email");
