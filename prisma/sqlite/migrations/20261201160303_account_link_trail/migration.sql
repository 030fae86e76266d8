-- CreateTable
CREATE TABLE "AccountLinkEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "personId" TEXT,
    "action" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "actorName" TEXT,
    "actorNip" TEXT,
    "detail" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AccountLinkEvent_platform_userId_id_idx" ON "AccountLinkEvent"("platform", "userId", "id");

-- CreateIndex
CREATE INDEX "Person_organisationId_email_idx" ON "Person"("organisationId", "email");
