-- AlterTable
ALTER TABLE "WorkflowInstance" ADD COLUMN "currentRole" TEXT;

-- CreateTable
CREATE TABLE "OutboxEffect" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "effect" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "delivered" TEXT NOT NULL DEFAULT '',
    "nextAttemptAt" DATETIME NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "instanceId" TEXT,
    "stepId" TEXT,
    "payload" TEXT NOT NULL,
    "singletonKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 1,
    "workerId" TEXT,
    "heartbeatAt" DATETIME,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "cancelledBy" TEXT,
    "progress" TEXT,
    "progressAt" DATETIME,
    "progressRelayed" DATETIME,
    "result" TEXT,
    "reason" TEXT,
    "runAfter" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "JobLease" (
    "singletonKey" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PlatformIdentity" (
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "chatId" TEXT,
    "linkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "linkedBy" TEXT NOT NULL,

    PRIMARY KEY ("platform", "userId")
);

-- Chat accounts move from the per-platform Person columns to PlatformIdentity (before the columns go).
INSERT INTO "PlatformIdentity" ("platform", "userId", "personId", "linkedBy") SELECT 'telegram', "telegramUserId", "id", 'migration' FROM "Person" WHERE "telegramUserId" IS NOT NULL;
INSERT INTO "PlatformIdentity" ("platform", "userId", "personId", "linkedBy") SELECT 'slack', "slackUserId", "id", 'migration' FROM "Person" WHERE "slackUserId" IS NOT NULL;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nip" TEXT NOT NULL,
    "mobile" TEXT,
    "email" TEXT,
    "satker" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'id',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Person_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Person" ("createdAt", "email", "id", "locale", "mobile", "name", "nip", "organisationId", "satker") SELECT "createdAt", "email", "id", "locale", "mobile", "name", "nip", "organisationId", "satker" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE UNIQUE INDEX "Person_organisationId_nip_key" ON "Person"("organisationId", "nip");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEffect_key_key" ON "OutboxEffect"("key");

-- CreateIndex
CREATE INDEX "OutboxEffect_status_nextAttemptAt_priority_idx" ON "OutboxEffect"("status", "nextAttemptAt", "priority");

-- CreateIndex
CREATE INDEX "OutboxEffect_instanceId_idx" ON "OutboxEffect"("instanceId");

-- CreateIndex
CREATE UNIQUE INDEX "Job_key_key" ON "Job"("key");

-- CreateIndex
CREATE INDEX "Job_queue_status_runAfter_idx" ON "Job"("queue", "status", "runAfter");

-- CreateIndex
CREATE INDEX "Job_status_heartbeatAt_idx" ON "Job"("status", "heartbeatAt");

-- CreateIndex
CREATE INDEX "Job_instanceId_idx" ON "Job"("instanceId");

-- CreateIndex
CREATE INDEX "PlatformIdentity_personId_platform_idx" ON "PlatformIdentity"("personId", "platform");

-- CreateIndex
CREATE INDEX "WorkflowInstance_organisationId_status_currentRole_number_idx" ON "WorkflowInstance"("organisationId", "status", "currentRole", "number");

-- CreateIndex
CREATE INDEX "WorkflowInstance_requesterId_status_idx" ON "WorkflowInstance"("requesterId", "status");
