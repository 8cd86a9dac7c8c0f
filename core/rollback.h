// Rollback undoes migration runs, Flyway-style: `--rollback latest|all|RUN_ID` names
// the runs (newest first); without --execute it only prints exactly what it would do.
// For each run it puts back, from the journal, the rows the run changed that existed
// before it (when nobody changed them since), deletes the records and zones the run
// created that still match their fingerprint, keeps and reports the ones someone
// changed, and never deletes a zone that still holds records the migration did not write
// (it stays, with them). Every step commits on its own and can be repeated: a rollback
// that was killed is finished by running it again, and rolling back a rolled-back run
// does nothing.
//
//   MigrationOptions o;  o.rollback_run = "latest";  o.execute = true;
//   MigrationResult r = RunRollback(o, std::cout);
//   ListRuns(o, std::cout);   // --list-runs
//
// Thread-safety: one call at a time; --execute takes the migration lock.
#pragma once

#include <ostream>

#include "core/migration.h"

namespace cpdns {

// Throws ConfigError for an unknown run, or one that wrote to other tables.
MigrationResult RunRollback(const MigrationOptions& options, std::ostream& text);

// Every run: id, start, end, status, scope, counts, rolled back or not.
MigrationResult ListRuns(const MigrationOptions& options, std::ostream& text);

}  // namespace cpdns
