// `facecase-cli admin user add NAME --role R | list | disable NAME`: the logins of an agency's
// PostgreSQL workspace (DatabaseUsers). Run by the database's administrator, connected the
// libpq ways (PGPASSWORD, ~/.pgpass); the new login's password is asked on the terminal (twice)
// or read from standard input with --password-stdin, never taken from an option.
#include <QJsonArray>
#include <QJsonObject>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/passphrase_reader.h"
#include "cli/workspace_args.h"
#include "services/admin/database_users.h"

namespace facecase::cli {

namespace {
const QString kPasswordStdin = QStringLiteral("password-stdin");

struct AdminArgs : OpenedWorkspace {
    QCommandLineParser parser;
    bool json() const { return parser.isSet(QStringLiteral("json")); }
};

void prepare(AdminArgs& a, const QString& description) {
    a.parser.setApplicationDescription(description);
    a.parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout.")});
    a.parser.addOption({QStringLiteral("workspace"),
                        QStringLiteral("The agency database: postgresql://[USER@]HOST[:PORT]/DB "
                                       "(the password from PGPASSWORD or ~/.pgpass)."),
                        QStringLiteral("url")});
}

// An empty agency database gets its schema (and FaceCase's roles) on this first open.
std::optional<int> open(AdminArgs& a) {
    if (!a.parser.isSet(QStringLiteral("workspace"))) {
        printError(QStringLiteral("admin needs --workspace postgresql://[USER@]HOST[:PORT]/DB"));
        return kExitUsage;
    }
    auto location = WorkspaceLocation::parse(a.parser.value(QStringLiteral("workspace")));
    if (!location) {
        printError(location.errorMessage());
        return exitCodeFor(location.error());
    }
    if (!location->isPostgres()) {
        printError(QStringLiteral("%1: a workspace folder has no logins (its actor is the "
                                  "operating-system user); admin manages an agency database, "
                                  "postgresql://…")
                       .arg(location->displayName()));
        return kExitInputProblem;
    }
    auto workspace = openWorkspaceAt(*location);
    if (!workspace) {
        printError(workspace.errorMessage());
        return exitCodeFor(workspace.error());
    }
    a.workspace.emplace(std::move(workspace).value());
    auto connection = a.workspace->openConnection();
    if (!connection) {
        printError(connection.errorMessage());
        return exitCodeFor(connection.error());
    }
    a.connection.emplace(std::move(connection).value());
    return std::nullopt;
}

QJsonObject userJson(const DatabaseUsers::User& user) {
    return {{QStringLiteral("login"), user.login},
            {QStringLiteral("roles"), QJsonArray::fromStringList(user.roles)},
            {QStringLiteral("can_log_in"), user.canLogIn}};
}

int fail(const Error& error) {
    printError(error.message);
    return exitCodeFor(error);
}

int runAdd(const QStringList& args) {
    AdminArgs a;
    prepare(a, QStringLiteral("Add a login for one person, with one FaceCase role: %1.")
                   .arg(AgencyRoles::names().join(QStringLiteral(", "))));
    a.parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The new login."));
    a.parser.addOption({QStringLiteral("role"), QStringLiteral("analyst, enroller, supervisor or auditor."),
                        QStringLiteral("role")});
    a.parser.addOption({kPasswordStdin, QStringLiteral("Read the new login's password from "
                                                       "standard input (one line).")});
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    if (a.parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("admin user add needs exactly one NAME"));
        return kExitUsage;
    }
    const auto role = AgencyRoles::fromName(a.parser.value(QStringLiteral("role")));
    if (!role) {
        printError(QStringLiteral("admin user add needs --role %1")
                       .arg(AgencyRoles::names().join(QLatin1Char('|'))));
        return kExitUsage;
    }
    const QString login = a.parser.positionalArguments().front();
    const bool fromStdin = a.parser.isSet(kPasswordStdin);
    const PassphraseReader reader(fromStdin);
    auto password = reader.read(QStringLiteral("Password for the new login %1").arg(login));
    if (!password) return kExitUsage;
    if (!fromStdin) {
        auto again = reader.read(QStringLiteral("The same password again"));
        if (!again) return kExitUsage;
        if (*again != *password) {
            printError(QStringLiteral("the two passwords differ; no login was added"));
            return kExitInputProblem;
        }
    }
    if (auto exit = open(a)) return *exit;
    auto added = DatabaseUsers(*a.connection, a.workspace->actor()).add(login, *role, *password);
    if (!added) return fail(added.error());
    if (a.json()) {
        printJson(userJson(*added));
    } else {
        printLine(QStringLiteral("Login %1 added with the %2 role.")
                      .arg(added->login, AgencyRoles::name(*role)));
    }
    return kExitOk;
}

int runList(const QStringList& args) {
    AdminArgs a;
    prepare(a, QStringLiteral("The logins of the agency database and their FaceCase roles."));
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    if (auto exit = open(a)) return *exit;
    auto users = DatabaseUsers(*a.connection, a.workspace->actor()).list();
    if (!users) return fail(users.error());
    if (a.json()) {
        QJsonArray all;
        for (const auto& user : *users) all.append(userJson(user));
        printJson(QJsonObject{{QStringLiteral("users"), all}});
        return kExitOk;
    }
    if (users->empty()) printLine(QStringLiteral("No FaceCase logins yet."));
    for (const auto& user : *users) {
        printLine(QStringLiteral("%1  %2%3")
                      .arg(user.login, -20)
                      .arg(user.roles.join(QStringLiteral(", ")),
                           user.canLogIn ? QString() : QStringLiteral("  (disabled)")));
    }
    return kExitOk;
}

int runDisable(const QStringList& args) {
    AdminArgs a;
    prepare(a, QStringLiteral("Disable a login: it can no longer connect; its name stays in every "
                              "record it made."));
    a.parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The login."));
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    if (a.parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("admin user disable needs exactly one NAME"));
        return kExitUsage;
    }
    if (auto exit = open(a)) return *exit;
    auto disabled = DatabaseUsers(*a.connection, a.workspace->actor())
                        .disable(a.parser.positionalArguments().front());
    if (!disabled) return fail(disabled.error());
    if (a.json()) {
        printJson(userJson(*disabled));
    } else {
        printLine(QStringLiteral("Login %1 disabled.").arg(disabled->login));
    }
    return kExitOk;
}
}  // namespace

int runAdmin(const QStringList& args) {
    const QString what = args.size() > 2 && args[1] == QLatin1String("user") ? args[2] : QString();
    if (what == QLatin1String("add")) return runAdd(args.mid(2));
    if (what == QLatin1String("list")) return runList(args.mid(2));
    if (what == QLatin1String("disable")) return runDisable(args.mid(2));
    printError(QStringLiteral("admin what? user add NAME --role ROLE, user list, or user disable NAME"));
    return kExitUsage;
}

}  // namespace facecase::cli
