#include "cli/workspace_args.h"

#include <unistd.h>

#include "cli/cli_support.h"
#include "cli/passphrase_reader.h"

namespace facecase::cli {

void addWorkspaceOption(QCommandLineParser& parser) {
    // WorkspaceLocation reads the value: a folder, or a postgresql:// URL (never a folder
    // named "postgresql:").
    parser.addOption({QStringLiteral("workspace"),
                      QStringLiteral("Workspace folder (default: %1), or an agency database: "
                                     "postgresql://[USER@]HOST[:PORT]/DB (the password from "
                                     "PGPASSWORD, ~/.pgpass or asked on the terminal).")
                          .arg(Workspace::defaultLocation()),
                      QStringLiteral("dir|url"), Workspace::defaultLocation()});
}

Result<Workspace> openWorkspaceAt(const WorkspaceLocation& location) {
    auto workspace = Workspace::open(location);
    if (workspace || workspace.error().kind != Error::Kind::PasswordNeeded) return workspace;
    if (!isatty(STDIN_FILENO)) {
        return Error::passwordNeeded(
            workspace.errorMessage() +
            QStringLiteral("; without a terminal to ask on, put it in ~/.pgpass (or PGPASSWORD)"));
    }
    const auto password = PassphraseReader(false).read(
        QStringLiteral("Password for %1").arg(location.displayName()));
    if (!password) return Error::passwordNeeded(workspace.errorMessage() + QStringLiteral("; none was typed"));
    return Workspace::open(location.withPassword(*password));
}

Result<Workspace> openWorkspace(const QCommandLineParser& parser) {
    auto location = WorkspaceLocation::parse(parser.value(QStringLiteral("workspace")));
    if (!location) {
        printError(location.errorMessage());
        return location.error();
    }
    auto workspace = openWorkspaceAt(*location);
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
