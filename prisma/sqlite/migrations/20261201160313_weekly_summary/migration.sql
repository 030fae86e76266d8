-- CreateTable
CREATE TABLE "SummaryPeriod" (
    "organisationId" TEXT NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("organisationId", "periodEnd")
);
