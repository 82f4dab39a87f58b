#pragma once

#include "store/workspace.h"
#include "types/result.h"

#include <QCommandLineParser>
#include <optional>

namespace facecase::cli {

// --workspace DIR|URL, shared by every command that touches the workspace database: a folder
// (SQLite) or an agency database, postgresql://[USER@]HOST[:PORT]/DB.
void addWorkspaceOption(QCommandLineParser& parser);
// Opens (creating or upgrading) the workspace the options name; prints what went wrong.
Result<Workspace> openWorkspace(const QCommandLineParser& parser);
// Opens `location` the way every command does: when the database server wants a password that
// neither PGPASSWORD nor ~/.pgpass gave, asks for it on the terminal (echo off) and tries again,
// as psql does; without a terminal, says where the password goes. Prints nothing itself.
Result<Workspace> openWorkspaceAt(const WorkspaceLocation& location);

// The workspace the options name and this thread's connection to it.
struct OpenedWorkspace {
    std::optional<Workspace> workspace;
    std::optional<DatabaseConnection> connection;
};
// Opens both into `into`, printing what went wrong; the exit code to return on failure.
std::optional<int> openWorkspaceConnection(const QCommandLineParser& parser, OpenedWorkspace& into);

// The shape of a workspace subcommand: a parser with --json and --workspace, then the workspace
// and this thread's connection once open() succeeded.
struct WorkspaceCommandArgs : OpenedWorkspace {
    QCommandLineParser parser;

    void prepare(const QString& description);
    // Opens the workspace and a connection; the exit code to return when that failed.
    std::optional<int> open();
    bool json() const { return parser.isSet(QStringLiteral("json")); }
};

}  // namespace facecase::cli
