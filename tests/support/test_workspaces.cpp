#include "support/test_workspaces.h"

#include <QProcessEnvironment>

namespace facecase::test {

SqlBackend testBackend() {
    const QString backend = qEnvironmentVariable("FACECASE_TEST_BACKEND");
    return backend == QLatin1String("postgresql") ? SqlBackend::PostgreSql : SqlBackend::Sqlite;
}

TestWorkspaces::~TestWorkspaces() = default;

Result<Workspace> TestWorkspaces::next() {
    const QString name = QStringLiteral("ws_%1").arg(++m_serial);
    if (testBackend() == SqlBackend::Sqlite) return Workspace::open(m_dir.filePath(name));

    if (!m_cluster) {
        auto started = PrivatePostgres::start(QStringLiteral("postgres_unused"));
        if (!started) return started.error();
        m_cluster = std::move(started).value();
        m_cluster->lendSuperuserPasswordToLibpq();
    }
    if (auto created = m_cluster->superuserQuery(QStringLiteral("CREATE DATABASE %1").arg(name),
                                                 QStringLiteral("postgres"));
        !created) {
        return created.error();
    }
    return Workspace::open(QStringLiteral("postgresql://%1@%2:%3/%4")
                               .arg(m_cluster->superuser(), PrivatePostgres::host())
                               .arg(m_cluster->port())
                               .arg(name));
}

}  // namespace facecase::test
