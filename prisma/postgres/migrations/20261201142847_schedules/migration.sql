-- AlterTable
ALTER TABLE "StepDeadline" ADD COLUMN     "nextReminderAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timeZone" TEXT,
    "targets" TEXT NOT NULL,
    "missed" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "checkedUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleFiring" (
    "id" SERIAL NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "fireAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "instanceId" TEXT,
    "claimedBy" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduleFiring_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleChange" (
    "id" SERIAL NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "actorName" TEXT,
    "actorNip" TEXT,
    "detail" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduleChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Schedule_organisationId_idx" ON "Schedule"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleFiring_scheduleId_fireAt_key" ON "ScheduleFiring"("scheduleId", "fireAt");

-- CreateIndex
CREATE INDEX "ScheduleChange_scheduleId_id_idx" ON "ScheduleChange"("scheduleId", "id");

-- CreateIndex
CREATE INDEX "StepDeadline_closedAt_nextReminderAt_idx" ON "StepDeadline"("closedAt", "nextReminderAt");

-- AddForeignKey
ALTER TABLE "ScheduleFiring" ADD CONSTRAINT "ScheduleFiring_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleChange" ADD CONSTRAINT "ScheduleChange_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
