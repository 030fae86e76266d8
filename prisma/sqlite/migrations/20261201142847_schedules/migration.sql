-- AlterTable
ALTER TABLE "StepDeadline" ADD COLUMN "nextReminderAt" DATETIME;

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timeZone" TEXT,
    "targets" TEXT NOT NULL,
    "missed" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "checkedUntil" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ScheduleFiring" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scheduleId" TEXT NOT NULL,
    "fireAt" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL,
    "instanceId" TEXT,
    "claimedBy" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ScheduleFiring_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scheduleId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "actorName" TEXT,
    "actorNip" TEXT,
    "detail" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ScheduleChange_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Schedule_organisationId_idx" ON "Schedule"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleFiring_scheduleId_fireAt_key" ON "ScheduleFiring"("scheduleId", "fireAt");

-- CreateIndex
CREATE INDEX "ScheduleChange_scheduleId_id_idx" ON "ScheduleChange"("scheduleId", "id");

-- CreateIndex
CREATE INDEX "StepDeadline_closedAt_nextReminderAt_idx" ON "StepDeadline"("closedAt", "nextReminderAt");
