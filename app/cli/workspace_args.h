#pragma once

#include "store/workspace.h"
#include "types/result.h"

#include <QCommandLineParser>

namespace facecase::cli {

// --workspace DIR, shared by every command that touches the workspace database.
void addWorkspaceOption(QCommandLineParser& parser);
// Opens (creating or upgrading) the workspace the options name; prints what went wrong.
Result<Workspace> openWorkspace(const QCommandLineParser& parser);

}  // namespace facecase::cli
