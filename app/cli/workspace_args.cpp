#include "cli/workspace_args.h"

#include "cli/cli_support.h"

namespace facecase::cli {

void addWorkspaceOption(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("workspace"),
                      QStringLiteral("Workspace folder (default: %1).").arg(Workspace::defaultLocation()),
                      QStringLiteral("dir"), Workspace::defaultLocation()});
}

Result<Workspace> openWorkspace(const QCommandLineParser& parser) {
    auto workspace = Workspace::open(parser.value(QStringLiteral("workspace")));
    if (!workspace) printError(workspace.errorMessage());
    return workspace;
}

}  // namespace facecase::cli
