


-- AlterTable
ALTER TABLE "WorkflowInstance" ADD COLUMN     "currentRole" TEXT;

-- CreateTable
CREATE TABLE "OutboxEffect" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "effect" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "delivered" TEXT NOT NULL DEFAULT '',
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEffect_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
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
    "heartbeatAt" TIMESTAMP(3),
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "cancelledBy" TEXT,
    "progress" TEXT,
    "progressAt" TIMESTAMP(3),
    "progressRelayed" TIMESTAMP(3),
    "result" TEXT,
    "reason" TEXT,
    "runAfter" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "singletonKey" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("singletonKey")
);

-- CreateTable
CREATE TABLE "PlatformIdentity" (
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "chatId" TEXT,
    "linkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "linkedBy" TEXT NOT NULL,

    CONSTRAINT "PlatformIdentity_pkey" PRIMARY KEY ("platform","userId")
);

-- Chat accounts move from the per-platform Person columns to PlatformIdentity (before the columns go).
INSERT INTO "PlatformIdentity" ("platform", "userId", "personId", "linkedBy") SELECT 'telegram', "telegramUserId", "id", 'migration' FROM "Person" WHERE "telegramUserId" IS NOT NULL;
INSERT INTO "PlatformIdentity" ("platform", "userId", "personId", "linkedBy") SELECT 'slack', "slackUserId", "id", 'migration' FROM "Person" WHERE "slackUserId" IS NOT NULL;

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

-- DropIndex
DROP INDEX "Person_slackUserId_idx";
-- DropIndex
DROP INDEX "Person_telegramUserId_idx";

-- AlterTable
ALTER TABLE "Person" DROP COLUMN "slackUserId",
DROP COLUMN "telegramUserId";
