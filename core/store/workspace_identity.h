#pragma once

#include <QString>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// The workspace's own id (meta.workspace_id, a UUID written when the schema is created; a copy
// made by `workspace copy` gets its own). Names one workspace across its locations: a cache kept
// outside the database (a descriptor snapshot) is only trusted for the workspace that made it,
// since a database dropped and created again under the same URL starts its ids over.
Result<QString> workspaceIdOf(const DatabaseConnection& connection);

}  // namespace facecase
