#include "store/workspace_identity.h"

#include <QSqlQuery>

#include "store/store_error.h"

namespace facecase {

Result<QString> workspaceIdOf(const DatabaseConnection& connection) {
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'workspace_id'"))) {
        return databaseError(connection.databasePath(), QStringLiteral("read the workspace id"),
                             query.lastError());
    }
    if (!query.next() || query.value(0).toString().isEmpty()) {
        return Error::internal(QStringLiteral("%1: the workspace has no id (meta.workspace_id); "
                                              "the database is damaged or was edited by hand")
                                   .arg(connection.databasePath()));
    }
    return query.value(0).toString();
}

}  // namespace facecase
