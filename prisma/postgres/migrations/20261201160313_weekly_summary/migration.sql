-- CreateTable
CREATE TABLE "SummaryPeriod" (
    "organisationId" TEXT NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SummaryPeriod_pkey" PRIMARY KEY ("organisationId","periodEnd")
);
