#include "cli/workspace_args.h"

#include "cli/cli_support.h"

namespace facecase::cli {

void addWorkspaceOption(QCommandLineParser& parser) {
    // Workspace::open reads the value (WorkspaceLocation): a folder, or a postgresql:// URL,
    // which is recognised and refused with an explanation until the agency database exists.
    parser.addOption({QStringLiteral("workspace"),
                      QStringLiteral("Workspace folder (default: %1). PostgreSQL workspaces "
                                     "(postgresql://[USER@]HOST[:PORT]/DB) are not available yet.")
                          .arg(Workspace::defaultLocation()),
                      QStringLiteral("dir"), Workspace::defaultLocation()});
}

Result<Workspace> openWorkspace(const QCommandLineParser& parser) {
    auto workspace = Workspace::openForApplication(parser.value(QStringLiteral("workspace")));
    if (!workspace) printError(workspace.errorMessage());
    return workspace;
}

void WorkspaceCommandArgs::prepare(const QString& description) {
    parser.setApplicationDescription(description);
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
}

std::optional<int> openWorkspaceConnection(const QCommandLineParser& parser, OpenedWorkspace& into) {
    auto opened = openWorkspace(parser);
    if (!opened) return exitCodeFor(opened.error());
    into.workspace.emplace(std::move(opened).value());
    auto connected = into.workspace->openConnection();
    if (!connected) {
        printError(connected.errorMessage());
        return exitCodeFor(connected.error());
    }
    into.connection.emplace(std::move(connected).value());
    return std::nullopt;
}

std::optional<int> WorkspaceCommandArgs::open() { return openWorkspaceConnection(parser, *this); }

}  // namespace facecase::cli
