-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nip" TEXT NOT NULL,
    "mobile" TEXT,
    "email" TEXT,
    "satker" TEXT,
    "telegramUserId" TEXT,
    "slackUserId" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'id',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "onBehalfOfId" TEXT,
    "validFrom" TIMESTAMP(3),
    "validUntil" TIMESTAMP(3),
    "delegationKind" TEXT,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowDefinition" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowInstance" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "definitionKey" TEXT NOT NULL,
    "definitionVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "currentStep" TEXT,
    "data" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "requesterId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkflowInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowEvent" (
    "id" SERIAL NOT NULL,
    "instanceId" TEXT NOT NULL,
    "instanceVersion" INTEGER,
    "idempotencyKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stepId" TEXT,
    "choice" TEXT,
    "accepted" BOOLEAN NOT NULL,
    "refusal" TEXT,
    "actorPersonId" TEXT,
    "actorName" TEXT,
    "actorNip" TEXT,
    "actorRole" TEXT,
    "onBehalfOfName" TEXT,
    "onBehalfOfNip" TEXT,
    "reason" TEXT,
    "payload" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkflowEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepDeadline" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),

    CONSTRAINT "StepDeadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatSession" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChatSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatMessage" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "instanceId" TEXT,
    "stepId" TEXT,
    "purpose" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackupTarget" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackupTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StorageMedium" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "capacityBytes" BIGINT NOT NULL,
    "mountPoint" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StorageMedium_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackupJob" (
    "id" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "instanceId" TEXT,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BackupJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackupCopy" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "mediumLabel" TEXT,
    "sizeBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "verifyResult" TEXT,
    "manifest" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "BackupCopy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArchivedDocument" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT,
    "instanceId" TEXT,
    "path" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ArchivedDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentSequence" (
    "organisationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "DocumentSequence_pkey" PRIMARY KEY ("organisationId","kind","year")
);

-- CreateIndex
CREATE INDEX "Person_telegramUserId_idx" ON "Person"("telegramUserId");

-- CreateIndex
CREATE INDEX "Person_slackUserId_idx" ON "Person"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_organisationId_nip_key" ON "Person"("organisationId", "nip");

-- CreateIndex
CREATE INDEX "RoleAssignment_organisationId_role_idx" ON "RoleAssignment"("organisationId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowDefinition_organisationId_key_version_key" ON "WorkflowDefinition"("organisationId", "key", "version");

-- CreateIndex
CREATE INDEX "WorkflowInstance_status_idx" ON "WorkflowInstance"("status");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowInstance_organisationId_number_key" ON "WorkflowInstance"("organisationId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowEvent_idempotencyKey_key" ON "WorkflowEvent"("idempotencyKey");

-- CreateIndex
CREATE INDEX "WorkflowEvent_instanceId_stepId_idx" ON "WorkflowEvent"("instanceId", "stepId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowEvent_instanceId_instanceVersion_key" ON "WorkflowEvent"("instanceId", "instanceVersion");

-- CreateIndex
CREATE INDEX "StepDeadline_closedAt_dueAt_idx" ON "StepDeadline"("closedAt", "dueAt");

-- CreateIndex
CREATE INDEX "StepDeadline_instanceId_stepId_idx" ON "StepDeadline"("instanceId", "stepId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatSession_platform_chatId_key" ON "ChatSession"("platform", "chatId");

-- CreateIndex
CREATE INDEX "ChatMessage_instanceId_stepId_idx" ON "ChatMessage"("instanceId", "stepId");

-- CreateIndex
CREATE UNIQUE INDEX "BackupTarget_organisationId_name_key" ON "BackupTarget"("organisationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "StorageMedium_organisationId_label_key" ON "StorageMedium"("organisationId", "label");

-- CreateIndex
CREATE INDEX "BackupJob_targetName_status_idx" ON "BackupJob"("targetName", "status");

-- CreateIndex
CREATE INDEX "BackupCopy_targetName_createdAt_idx" ON "BackupCopy"("targetName", "createdAt");

-- CreateIndex
CREATE INDEX "ArchivedDocument_instanceId_idx" ON "ArchivedDocument"("instanceId");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_onBehalfOfId_fkey" FOREIGN KEY ("onBehalfOfId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowDefinition" ADD CONSTRAINT "WorkflowDefinition_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowInstance" ADD CONSTRAINT "WorkflowInstance_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowEvent" ADD CONSTRAINT "WorkflowEvent_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "WorkflowInstance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepDeadline" ADD CONSTRAINT "StepDeadline_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "WorkflowInstance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackupCopy" ADD CONSTRAINT "BackupCopy_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BackupJob"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
