// What the verifier reports on fixtures/cloud once the rows that migrating its intermediate
// zones produces (fixtures/cloud/expected/intermediate_written_*.tsv) are in the target,
// however they got there: shared by the test that loads them by hand and the one that
// writes them with dns-migrator.
//
//   ExpectVerifierFindsIntermediateRecords(db);  // after both are in db's target tables
//
// Thread-safety: one test thread.
#pragma once

#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {

// Runs dns-verifier on `db`: the answers of the migrated records are now_answers of rule
// intermediate_zone, and the cloud report lists as "no home" only what is still missing.
void ExpectVerifierFindsIntermediateRecords(const ScratchDatabase& db);

}  // namespace cpdns::testing
