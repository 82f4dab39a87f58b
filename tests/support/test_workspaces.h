#pragma once

#include <QTemporaryDir>
#include <memory>

#include "private_postgres.h"
#include "store/sql_dialect.h"
#include "store/workspace.h"
#include "types/result.h"

namespace facecase::test {

// The backend a parametrised suite runs on: PostgreSQL when FACECASE_TEST_BACKEND is
// "postgresql" (CTest sets it for the "<test>@postgresql" copy that facecase_add_test(…
// BOTH_BACKENDS) registers), else SQLite. The same test cases then prove the same behaviour on
// both, against a real server.
SqlBackend testBackend();

// Skips the calling test function on PostgreSQL, whose workspaces keep no files yet (evidence
// copies, gallery lock files, index caches: issue 12); only for the functions that need such a
// file. `what` (a string literal, "evidence") names it in the skip message.
#define FACECASE_SKIP_WITHOUT_WORKSPACE_FOLDER(what)                                           \
    do {                                                                                        \
        if (::facecase::test::testBackend() == ::facecase::SqlBackend::PostgreSql)              \
            QSKIP(what " is not stored in a PostgreSQL workspace yet (issue 12)");              \
    } while (false)

// Fresh, empty workspaces on the test's backend, one per call: SQLite ones in numbered
// sub-folders of one temporary folder; PostgreSQL ones as databases ws_1, ws_2, … of one
// private cluster (tests/support/private_postgres), started at the first call and stopped with
// this object, reached as the cluster's superuser over 127.0.0.1 (its password handed to
// libpq through PGPASSWORD). Not thread-safe; one per test class.
class TestWorkspaces {
public:
    TestWorkspaces() = default;
    ~TestWorkspaces();
    TestWorkspaces(const TestWorkspaces&) = delete;
    TestWorkspaces& operator=(const TestWorkspaces&) = delete;

    Result<Workspace> next();

    // The PostgreSQL cluster, once next() has started it; null on SQLite.
    const PrivatePostgres* cluster() const { return m_cluster.get(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PrivatePostgres> m_cluster;
    int m_serial = 0;
};

}  // namespace facecase::test
